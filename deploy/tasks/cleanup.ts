/**
 * Phase 10 (and the `cleanup` task): remove all but the newest
 * `keepReleases` releases on each host. The live release, the one being
 * deployed and the one the worker pool's supervisor runs from are always
 * kept. In a deploy a failure here is only a warning: the new release is
 * already live.
 */
import path from 'node:path';
import { sh } from '#deploy/transport/shell.ts';
import { releaseName } from '#deploy/tasks/paths.ts';
import { liveRelease } from '#deploy/tasks/lock.ts';
import { runningPool } from '#deploy/tasks/workers.ts';
import type { TaskContext } from '#deploy/tasks/context.ts';
import type { HostState, Phase } from '#deploy/tasks/phases.ts';
import type { HostSession } from '#deploy/tasks/session.ts';

export const cleanupPhase: Phase = {
  name: 'cleanup',
  description: 'remove old releases, keeping keepReleases (and always the live one)',
  undoDescription: '',
  critical: false,
  run: (context, session, state) => cleanup(context, session, state),
};

export async function cleanup(context: TaskContext, session: HostSession, state: HostState): Promise<void> {
  const names = await listReleases(session);
  const keep = new Set(names.slice(-context.config.keepReleases));
  const live = await liveRelease(session);
  // The running pool's supervisor keeps its own code (it forks workers from current, but runs from here).
  const pool = await runningPool(session);
  for (const name of [live, state.target, pool && path.posix.basename(pool.release)]) if (name) keep.add(name);
  const old = names.filter((name) => !keep.has(name));
  if (old.length === 0) return context.reporter.info(session.name, `${names.length} release(s), nothing to remove`);
  await session.run(sh`rm -rf ${old.map((name) => session.paths.release(name))}`, { what: 'remove old releases' });
  context.reporter.info(session.name, `removed ${old.length} old release(s): ${old.join(', ')}`);
}

/** Release names on the host, oldest first. */
export async function listReleases(session: HostSession): Promise<string[]> {
  const text = await session.query(sh`ls -1 ${session.paths.releases} 2>/dev/null || true`, 'list releases');
  return text.split('\n').map((line) => line.trim()).filter((name) => releaseName.test(name)).sort();
}
