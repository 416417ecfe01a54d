/**
 * The `health` phase: the site answers from the new release, on each app
 * host itself. `folio release:check --workers`, run in `current`, asks every
 * worker of the pool directly over its own protocol (FastCGI or HTTP), never
 * through the web server or its page cache, and checks each runs this
 * release and renders the pages that matter. When the recipe names a
 * `healthCheck.url` (say the web server's), it is fetched too, until it
 * answers as expected.
 */
import { all, command, type Shell } from '#deploy/transport/shell.ts';
import { appHosts } from '#deploy/tasks/workers.ts';
import { folioCommand, type HostSession } from '#deploy/tasks/session.ts';
import type { Phase } from '#deploy/tasks/phases.ts';

/**
 * Runs under `node --input-type=module -e`; argv: expected status, timeout in ms, URLs.
 * An answer is waited for until the deadline, never cut short: on a busy host a
 * first render may take seconds, and asking again would only queue another one.
 */
const probe = `
const [expected, timeoutMs, ...urls] = process.argv.slice(1);
const deadline = Date.now() + Number(timeoutMs);
for (const url of urls) {
  for (;;) {
    let problem;
    try {
      const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(Math.max(1000, deadline - Date.now())) });
      await response.arrayBuffer();
      if (response.status === Number(expected)) { console.log(url + ' answered ' + response.status); break; }
      problem = 'answered ' + response.status;
    } catch (error) {
      problem = String(error.cause?.code ?? error.cause?.message ?? error.message);
    }
    if (Date.now() > deadline) { console.error(url + ': ' + problem + ' (expected ' + expected + ')'); process.exit(1); }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}
`;

export const healthPhase: Phase = {
  name: 'health',
  description:
    "ask every worker directly (not the web server's cache) for the pages that matter, checking each runs the new release; then healthCheck.url if the recipe names one",
  undoDescription: '',
  critical: true,
  hosts: appHosts,
  async run(context, session) {
    const output = await session.run(healthScript(session, context.config.healthCheck), { what: 'health check' });
    const lines = output.trim().split('\n').filter(Boolean);
    context.reporter.info(
      session.name,
      `health: ${lines.length} check(s) passed${lines.length ? ` (${lines[lines.length - 1]!.trim()})` : ''}`,
    );
  },
};

export function healthScript(session: HostSession, check: { expectStatus: number; timeout: number }): Shell {
  const workers = session.appCommand(
    session.paths.current,
    folioCommand('release:check', '--workers', '--timeout', String(check.timeout)),
  );
  const urls = session.host.healthUrls;
  return urls.length === 0 ? workers : all(workers, probeCommand(urls, check));
}

/** The recipe's URL alone, fetched from the host (as before the workers could be asked directly). */
export async function checkHealthUrl(
  session: HostSession,
  check: { expectStatus: number; timeout: number },
): Promise<void> {
  const urls = session.host.healthUrls;
  if (urls.length === 0) return;
  await session.run(probeCommand(urls, check), { what: `health check (${urls.join(', ')})` });
}

function probeCommand(urls: readonly string[], check: { expectStatus: number; timeout: number }): Shell {
  return command(
    'node',
    '--input-type=module',
    '-e',
    probe,
    '--',
    String(check.expectStatus),
    String(check.timeout * 1000),
    ...urls,
  );
}
