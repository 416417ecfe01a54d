/**
 * Tasks on the live release, under the same lock as deploys: `restart`
 * (pending migrations on hosts that own a database, the workers, then the
 * health check: code never runs ahead of its schema) and
 * `deploy:migrations` (pending migrations only).
 */
import { migratePhase } from '#deploy/tasks/db.ts';
import { healthPhase } from '#deploy/tasks/health.ts';
import { lockPhase, newLock, unlockPhase } from '#deploy/tasks/lock.ts';
import { initialStates, runPhases, type Phase } from '#deploy/tasks/phases.ts';
import { restartPhase } from '#deploy/tasks/workers.ts';
import type { TaskContext } from '#deploy/tasks/context.ts';

/** `restart`: migrations, then the live release's workers restarted (rolling when it can), then the health check. */
export async function restart(context: TaskContext): Promise<void> {
  const lock = newLock(context);
  await runPhases(
    context,
    [lockPhase(lock), livePhase, migratePhase, restartPhase, healthPhase, unlockPhase(lock)],
    initialStates(context),
  );
}

/** `deploy:migrations`: pending migrations of the live release, on every host that owns a database. */
export async function migrations(context: TaskContext): Promise<void> {
  const lock = newLock(context);
  await runPhases(context, [lockPhase(lock), livePhase, migratePhase, unlockPhase(lock)], initialStates(context));
}

/** Makes the live release (noted by the lock phase) the one the next phases work on. */
export const livePhase: Phase = {
  name: 'live',
  description: 'the live release',
  undoDescription: '',
  critical: true,
  async run(_context, _session, state) {
    if (!state.previous) throw new Error('nothing is deployed here yet');
    state.target = state.previous;
  },
};
