/**
 * The deploy's `cleanup` phase and the `cleanup` task: remove all but the
 * newest `keepReleases` releases on each host. The live release, the one
 * being deployed and the one the worker pool's supervisor runs from are
 * always kept; releases a failed deploy left (`.incomplete`) are neither
 * kept nor counted (the lock phase removed them). Works from what the lock
 * phase read, so it costs a round trip only when there is something to
 * remove. In a deploy a failure here is only a warning: the new release is
 * live.
 */
import path from 'node:path';
import { sh } from '#deploy/transport/shell.ts';
import type { TaskContext } from '#deploy/tasks/context.ts';
import { lockPhase, newLock, unlockPhase } from '#deploy/tasks/lock.ts';
import { initialStates, runPhases, type HostState, type Phase } from '#deploy/tasks/phases.ts';
import type { HostSession } from '#deploy/tasks/session.ts';

export const cleanupPhase: Phase = {
  name: 'cleanup',
  description: 'remove old releases, keeping keepReleases (and always the live one)',
  undoDescription: '',
  critical: false,
  run: (context, session, state) => removeOldReleases(context, session, state),
};

/** The `cleanup` task: on its own, a failing cleanup is the task failing. */
export async function cleanup(context: TaskContext): Promise<void> {
  const lock = newLock(context);
  await runPhases(
    context,
    [lockPhase(lock), { ...cleanupPhase, critical: true }, unlockPhase(lock)],
    initialStates(context),
  );
}

async function removeOldReleases(context: TaskContext, session: HostSession, state: HostState): Promise<void> {
  const facts = state.facts;
  if (!facts) throw new Error('cleanup runs after the lock phase');
  const names = [...new Set([...facts.releases, ...(state.target ? [state.target] : [])])].sort();
  const keep = new Set(names.slice(-context.config.keepReleases));
  // The running pool's supervisor keeps its own code (it forks workers from current, but runs from there).
  for (const name of [state.live, state.target, facts.pool && path.posix.basename(facts.pool.release)])
    if (name) keep.add(name);
  const old = names.filter((name) => !keep.has(name));
  if (old.length === 0) return context.reporter.info(session.name, `${names.length} release(s), nothing to remove`);
  await session.run(sh`rm -rf ${old.map((name) => session.paths.release(name))}`, { what: 'remove old releases' });
  context.reporter.info(session.name, `removed ${old.length} old release(s): ${old.join(', ')}`);
}
