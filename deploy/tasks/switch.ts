/**
 * Making a release live. The switch is atomic: a new symlink under a
 * temporary name, renamed over `current` (rename(2) replaces it in one
 * step; `ln -sfn` unlinks first and leaves a moment with no `current`).
 * Undoing a switch puts the previous release back the same way, restarts
 * its workers and sweeps pages the failed release may have cached.
 */
import { sh } from '#deploy/transport/shell.ts';
import { sweepCache } from '#deploy/tasks/cache.ts';
import { restartWorkers, stopWorkers } from '#deploy/tasks/workers.ts';
import type { Phase } from '#deploy/tasks/phases.ts';
import type { HostSession } from '#deploy/tasks/session.ts';

/** Phase 6. A deploy records the release it replaces (`.previous-release`): that, not "the second newest directory", is what rollback returns to. */
export function switchPhase(options: { recordPrevious: boolean }): Phase {
  return {
    name: 'switch',
    description: 'point current at the release atomically (new symlink, then rename over current)' + (options.recordPrevious ? ', recording the release it replaces for rollback' : ''),
    undoDescription: 'point current back at the previous release, restart its workers and sweep the page cache',
    critical: true,
    async run(_context, session, state) {
      const dir = session.paths.release(state.target);
      if (options.recordPrevious && state.previous) await session.run(sh`printf '%s\\n' ${state.previous} > ${`${dir}/.previous-release`}`, { what: 'record the previous release' });
      await switchTo(session, state.target);
    },
    async undo(_context, session, state) {
      if (state.previous) await switchTo(session, state.previous);
      else await session.run(sh`rm -f ${session.paths.current}`, { what: 'remove current' });
      if (!state.attempted.has('restart')) return;
      if (state.previous) await restartWorkers(session);
      else await stopWorkers(session);
      await sweepCache(session);
    },
  };
}

/** Points `current` at releases/<name>, atomically. */
export async function switchTo(session: HostSession, name: string): Promise<void> {
  const { current, deployTo } = session.paths;
  const temporary = `${deployTo}/.current-${name}`;
  await session.run(sh`rm -f ${temporary} && ln -s ${session.paths.release(name)} ${temporary} && mv -fT ${temporary} ${current}`, { what: `switch current to ${name}` });
}

/** The previous release a host recorded when `name` went live, if any. */
export async function recordedPrevious(session: HostSession, name: string): Promise<string | undefined> {
  const text = await session.query(sh`cat ${`${session.paths.release(name)}/.previous-release`} 2>/dev/null || true`, 'read .previous-release');
  return text.trim() || undefined;
}
