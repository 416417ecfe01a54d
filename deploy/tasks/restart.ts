/**
 * Restarting the workers: the deploy's and the rollback's `restart` phase,
 * and the `restart` task, which runs on the live release under the same lock
 * as deploys (pending migrations on hosts that own a database, the workers,
 * then the health check: code never runs ahead of its schema).
 */
import { migratePhase } from '#deploy/tasks/db.ts';
import { healthPhase } from '#deploy/tasks/health.ts';
import { livePhase } from '#deploy/tasks/live.ts';
import { lockPhase, newLock, unlockPhase } from '#deploy/tasks/lock.ts';
import { initialStates, runPhases, type Phase } from '#deploy/tasks/phases.ts';
import { appHosts, restartWorkers } from '#deploy/tasks/workers.ts';
import type { TaskContext } from '#deploy/tasks/context.ts';

/** The pool onto the new release, then the page cache emptied (it holds pages the old release rendered). */
export const restartPhase: Phase = {
  name: 'restart',
  description:
    'rolling restart of the worker pool onto current (or, when its settings or environment changed, a graceful stop and a fresh start), then empty the page cache',
  undoDescription: '(the switch undo restarts the previous release)',
  critical: true,
  hosts: appHosts,
  async run(context, session) {
    const output = await restartWorkers(session);
    for (const line of output
      .split('\n')
      .filter((text) =>
        /^(rolling restart|stopping|starting|stopped|worker pool ready|rolling restart done)/.test(text),
      ))
      context.reporter.info(session.name, line);
  },
};

/** `restart`: migrations, then the live release's workers restarted (rolling when it can), then the health check. */
export async function restart(context: TaskContext): Promise<void> {
  const lock = newLock(context);
  await runPhases(
    context,
    [lockPhase(lock), livePhase, migratePhase, restartPhase, healthPhase, unlockPhase(lock)],
    initialStates(context),
  );
}
