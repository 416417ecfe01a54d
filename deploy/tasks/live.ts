/**
 * The `live` phase, first after the lock in the tasks that work on the live
 * release rather than a new one (restart, deploy:migrations, web:config).
 */
import type { Phase } from '#deploy/tasks/phases.ts';

/** Makes the live release (noted by the lock phase) the one the next phases work on. */
export const livePhase: Phase = {
  name: 'live',
  description: 'the live release',
  undoDescription: '',
  critical: true,
  run(_context, _session, state) {
    if (!state.previous) throw new Error('nothing is deployed here yet');
    state.target = state.previous;
  },
};
