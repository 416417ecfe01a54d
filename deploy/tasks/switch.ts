/**
 * Making a release live. The switch is atomic: a new symlink under a
 * temporary name, renamed over `current` (rename(2) replaces it in one
 * step; `ln -sfn` unlinks first and leaves a moment with no `current`).
 * Undoing a switch puts the previous release back the same way, restarts
 * its workers and sweeps pages the failed release may have cached.
 */
import { sh, type Shell } from '#deploy/transport/shell.ts';
import { sweepCache } from '#deploy/tasks/cache.ts';
import { incompleteMarker } from '#deploy/tasks/host-facts.ts';
import { restartWorkers, stopWorkers } from '#deploy/tasks/workers.ts';
import type { Phase } from '#deploy/tasks/phases.ts';
import type { HostSession } from '#deploy/tasks/session.ts';

/**
 * The `switch` phase. A deploy records the release it replaces (`.previous-release`):
 * that, not "the second newest directory", is what rollback returns to. The
 * release loses its `.incomplete` mark in the same step: from now on it is
 * a real release. A host already on the target (a re-run converging) is left as it is.
 */
export function switchPhase(options: { recordPrevious: boolean }): Phase {
  return {
    name: 'switch',
    description:
      'point current at the release atomically (new symlink, then rename over current)' +
      (options.recordPrevious ? ', recording the release it replaces for rollback' : ''),
    undoDescription: 'point current back at the previous release, restart its workers and sweep the page cache',
    critical: true,
    async run(_context, session, state) {
      if (state.done) return;
      const dir = session.paths.release(state.target);
      const record =
        options.recordPrevious && state.previous
          ? sh`printf '%s\\n' ${state.previous} > ${`${dir}/.previous-release`} && `
          : sh``;
      await session.run(sh`${record}rm -f ${`${dir}/${incompleteMarker}`} && ${switchScript(session, state.target)}`, {
        what: `switch current to ${state.target}`,
      });
      state.live = state.target;
    },
    async undo(_context, session, state) {
      if (state.done) return;
      if (state.previous)
        await session.run(switchScript(session, state.previous), { what: `switch current back to ${state.previous}` });
      else await session.run(sh`rm -f ${session.paths.current}`, { what: 'remove current' });
      state.live = state.previous;
      if (!state.attempted.has('restart')) return;
      if (state.previous) await restartWorkers(session);
      else {
        await stopWorkers(session);
        await sweepCache(session);
      }
    },
  };
}

/** Points `current` at releases/<name>, atomically. */
export function switchScript(session: HostSession, name: string): Shell {
  const { current, deployTo } = session.paths;
  const temporary = `${deployTo}/.current-${name}`;
  return sh`rm -f ${temporary} && ln -s ${session.paths.release(name)} ${temporary} && mv -fT ${temporary} ${current}`;
}
