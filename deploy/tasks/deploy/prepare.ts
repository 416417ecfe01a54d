/**
 * Deploy phases 2–4, which build the new release beside the live one:
 * update the code, install dependencies, link the shared paths and write
 * the app's environment. Until the switch nothing serves from it, so
 * undoing all three is removing the directory.
 */
import path from 'node:path';
import { exportRelease, type Revision } from '#deploy/scm/git.ts';
import { quote, sh } from '#deploy/transport/shell.ts';
import type { Phase } from '#deploy/tasks/phases.ts';
import type { HostSession } from '#deploy/tasks/session.ts';

/** Phase 2: the committed tree of the revision into releases/<timestamp>, with REVISION. */
export function updatePhase(revision: Revision): Phase {
  return {
    name: 'update',
    description:
      revision.repository.kind === 'local'
        ? 'stream a git archive of the local checkout into releases/<UTC timestamp> over the transport'
        : 'fetch the git mirror on the host and export the revision into releases/<UTC timestamp>',
    undoDescription: 'remove the new release directory',
    critical: true,
    async run(_context, session, state) {
      const { script, input } = exportRelease(session.paths, session.paths.release(state.target), revision);
      await session.run(script, { input, what: `export ${revision.sha.slice(0, 10)} into ${state.target}` });
    },
    undo: (_context, session, state) => removeRelease(session, state.target),
  };
}

/** Phase 4: shared paths linked into the release, and the app's environment beside it. */
export const linkPhase: Phase = {
  name: 'link',
  description: 'link the shared paths (data, public/system, …) into the release and write its environment (.deploy-env, mode 600)',
  undoDescription: '(removed with the release)',
  critical: true,
  async run(context, session, state) {
    const dir = session.paths.release(state.target);
    const links = context.config.sharedPaths.map(({ release, shared }) => {
      const target = path.posix.join(session.paths.shared, shared);
      const link = path.posix.join(dir, release);
      return sh`mkdir -p ${target} ${path.posix.dirname(link)} && rm -rf ${link} && ln -s ${target} ${link}`;
    });
    for (const script of links) await session.run(script, { what: 'link shared paths' });
    const env = Object.entries(session.host.env).map(([key, value]) => `${key}=${quote(value)}\n`).join('');
    await session.run(sh`umask 077 && cat > ${`${dir}/.deploy-env`}`, {
      input: { kind: 'text', text: env, describe: `.deploy-env: ${Object.keys(session.host.env).join(', ')}` },
      what: 'write .deploy-env',
    });
  },
};

/** Removes a release directory unless it is the live one. */
export async function removeRelease(session: HostSession, name: string): Promise<void> {
  if (!name) return;
  const dir = session.paths.release(name);
  await session.run(sh`if [ "$(readlink ${session.paths.current} 2>/dev/null)" != ${dir} ]; then rm -rf ${dir}; fi`, { what: `remove release ${name}` });
}
