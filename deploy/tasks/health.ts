/**
 * Phase 8: the site answers. The check runs on each app host itself (with
 * the node that runs Folio, so nothing else need be installed), fetching
 * every worker address (or the recipe's URL) until it answers with the
 * expected status or the timeout passes.
 */
import { command } from '#deploy/transport/shell.ts';
import { appHosts } from '#deploy/tasks/workers.ts';
import type { Phase } from '#deploy/tasks/phases.ts';
import type { HostSession } from '#deploy/tasks/session.ts';

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
  description: 'fetch the site on each app host (every worker, or healthCheck.url) until it answers with the expected status',
  undoDescription: '',
  critical: true,
  hosts: appHosts,
  run: (context, session) => checkHealth(session, context.config.healthCheck),
};

export async function checkHealth(session: HostSession, check: { expectStatus: number; timeout: number }): Promise<void> {
  const urls = session.host.healthUrls;
  if (urls.length === 0) return;
  await session.run(command('node', '--input-type=module', '-e', probe, '--', String(check.expectStatus), String(check.timeout * 1000), ...urls), {
    what: `health check (${urls.join(', ')})`,
  });
}
