/**
 * The page cache holds pages rendered by the release that wrote them: when
 * another release starts serving, it is emptied (its contents, not the
 * directory, which the app and the web server use). The restart does it
 * right after the workers change, and the switch's undo after going back.
 */
import { sh, type Shell } from '#deploy/transport/shell.ts';
import type { HostSession } from '#deploy/tasks/session.ts';

export function sweepScript(session: HostSession): Shell {
  const { cacheDir } = session.paths;
  return sh`if [ -d ${cacheDir} ]; then find ${cacheDir} -mindepth 1 -maxdepth 1 -exec rm -rf {} +; fi`;
}

export async function sweepCache(session: HostSession): Promise<void> {
  await session.run(sweepScript(session), { what: 'sweep the page cache' });
}
