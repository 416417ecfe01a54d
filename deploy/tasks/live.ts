/**
 * Tasks on the live release, under the same lock as deploys: `restart`
 * (the workers, then the health check) and `deploy:migrations` (pending
 * migrations, on the primary db host).
 */
import { migratePhase } from '#deploy/tasks/db.ts';
import { healthPhase } from '#deploy/tasks/health.ts';
import { lockPhase, newLock, unlockPhase } from '#deploy/tasks/lock.ts';
import { initialStates, runPhases, type Phase } from '#deploy/tasks/phases.ts';
import { restartPhase } from '#deploy/tasks/workers.ts';
import type { TaskContext } from '#deploy/tasks/context.ts';
import type { HostSession } from '#deploy/tasks/session.ts';

/** `restart`: the live release's workers restarted (rolling when it can), then the health check. */
export async function restart(context: TaskContext): Promise<void> {
  const lock = newLock(context);
  await runPhases(context, [lockPhase(lock), livePhase(() => true), restartPhase, healthPhase, unlockPhase(lock)], initialStates(context));
}

/** `deploy:migrations`: pending migrations of the live release, on the primary db host. */
export async function migrations(context: TaskContext): Promise<void> {
  const lock = newLock(context);
  await runPhases(context, [lockPhase(lock), livePhase((session) => session.host.primary), migratePhase, unlockPhase(lock)], initialStates(context));
}

/** Makes the live release (noted by the lock phase) the one the next phases work on; `needed` hosts must have one. */
function livePhase(needed: (session: HostSession) => boolean): Phase {
  return {
    name: 'live',
    description: 'the live release',
    undoDescription: '',
    critical: true,
    async run(_context, session, state) {
      if (!state.previous && needed(session)) throw new Error('nothing is deployed here yet');
      state.target = state.previous ?? '';
    },
  };
}
