/**
 * The deploy's `verify` phase: before anything serves the new release, each
 * app host runs its code against the real, migrated database: `folio
 * release:check` builds the release's app in-process (no page cache) and
 * renders the pages that matter (home, the newest article, the feed, the
 * sign-in page). A release that boots but cannot render them never goes
 * live.
 */
import { appHosts } from '#deploy/tasks/workers.ts';
import { folioCommand } from '#deploy/tasks/session.ts';
import type { Phase } from '#deploy/tasks/phases.ts';

export const verifyPhase: Phase = {
  name: 'verify',
  description:
    "render the pages that matter (home, newest article, feed, sign-in) with the new release's own code against the migrated database, before it serves",
  undoDescription: '',
  critical: true,
  hosts: appHosts,
  async run(context, session, state) {
    const release = session.paths.release(state.target);
    const argv = folioCommand('release:check', '--timeout', String(context.config.healthCheck.timeout));
    const output = await session.run(session.appCommand(release, argv), { what: 'release:check' });
    context.reporter.info(session.name, summarise(output));
  },
};

/** `4 pages render: GET / 200, …` from the command's lines. */
function summarise(output: string): string {
  const lines = output
    .trim()
    .split('\n')
    .filter((line) => line.trim() !== '');
  return lines.length <= 1
    ? (lines[0] ?? 'release:check passed')
    : `release:check: ${lines.map((line) => line.replace(/^\s*✓\s*/, '')).join('; ')}`;
}
