/**
 * Phase 9: the page cache holds pages rendered by the old release; empty it
 * (its contents, not the directory, which the app and the web server use).
 */
import { sh } from '#deploy/transport/shell.ts';
import { appHosts } from '#deploy/tasks/workers.ts';
import type { Phase } from '#deploy/tasks/phases.ts';
import type { HostSession } from '#deploy/tasks/session.ts';

export const sweepPhase: Phase = {
  name: 'sweep',
  description: 'empty the page cache ($FOLIO_DATA_DIR/cache/*) on app hosts',
  undoDescription: '',
  critical: true,
  hosts: appHosts,
  run: (_context, session) => sweepCache(session),
};

export async function sweepCache(session: HostSession): Promise<void> {
  const { cacheDir } = session.paths;
  await session.run(sh`if [ -d ${cacheDir} ]; then find ${cacheDir} -mindepth 1 -maxdepth 1 -exec rm -rf {} +; fi`, { what: 'sweep the page cache' });
}
