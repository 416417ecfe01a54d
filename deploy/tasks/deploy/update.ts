/**
 * The deploy's update phase, which builds the new release beside the live
 * one: the code, the shared paths and the app's environment (install.ts then
 * adds its dependencies). Until the switch nothing serves from it, so undoing
 * is removing the directory.
 */
import path from 'node:path';
import { exportRelease, type Revision } from '#deploy/scm/git.ts';
import { all, sh } from '#deploy/transport/shell.ts';
import { incompleteMarker } from '#deploy/tasks/host-facts.ts';
import { stagedEnvironment } from '#deploy/tasks/lock.ts';
import type { Phase } from '#deploy/tasks/phases.ts';
import type { HostSession } from '#deploy/tasks/session.ts';

/**
 * The committed tree of the revision into releases/<timestamp>, with
 * REVISION, the shared paths linked in and the app's environment beside it
 * (.deploy-env, mode 600, staged by the lock phase: stdin here may carry the
 * tarball, and secrets never go on a command line), in one round trip. The
 * release carries `.incomplete` until its switch, so one a failed deploy
 * leaves behind is never taken for a real release (the next run's lock phase
 * removes it).
 */
export function updatePhase(revision: Revision): Phase {
  return {
    name: 'update',
    description:
      (revision.repository.kind === 'local'
        ? 'stream a git archive of the local checkout into releases/<UTC timestamp> over the transport'
        : 'fetch the git mirror on the host and export the revision into releases/<UTC timestamp>') +
      '; link the shared paths (data, public/system, …) into it and write its environment (.deploy-env, mode 600)',
    undoDescription: 'remove the new release directory',
    critical: true,
    async run(context, session, state) {
      const dir = session.paths.release(state.target);
      const { script, input } = exportRelease(session.paths, dir, revision);
      const links = context.config.sharedPaths.map(({ release, shared }) => {
        const target = path.posix.join(session.paths.shared, shared);
        const link = path.posix.join(dir, release);
        return sh`mkdir -p ${target} ${path.posix.dirname(link)} && rm -rf ${link} && ln -s ${target} ${link}`;
      });
      await session.run(
        sh`mkdir ${dir} && touch ${`${dir}/${incompleteMarker}`} && ${script} && ${all(...links)} && mv -f ${stagedEnvironment(session)} ${`${dir}/.deploy-env`}`,
        {
          input,
          what: `export ${revision.sha.slice(0, 10)} into ${state.target}`,
        },
      );
    },
    undo: (_context, session, state) => removeRelease(session, state.target),
  };
}

/** Removes a release directory unless it is the live one. */
async function removeRelease(session: HostSession, name: string): Promise<void> {
  if (!name) return;
  const dir = session.paths.release(name);
  await session.run(sh`if [ "$(readlink ${session.paths.current} 2>/dev/null)" != ${dir} ]; then rm -rf ${dir}; fi`, {
    what: `remove release ${name}`,
  });
}
