/**
 * `setup`: the directory tree on every host, created if missing. Safe to
 * run again at any time: it only ever creates.
 */
import path from 'node:path';
import { sh } from '#deploy/transport/shell.ts';
import { onHosts, type TaskContext } from '#deploy/tasks/context.ts';
import type { HostSession } from '#deploy/tasks/session.ts';

export async function setup(context: TaskContext): Promise<void> {
  await onHosts(context.sessions, async (session) => {
    const dirs = requiredDirs(context, session);
    await session.run(sh`mkdir -p ${dirs}`, { what: 'create the directories' });
    context.reporter.info(session.name, `ready: ${dirs.length} directories under ${session.paths.deployTo}`);
  });
}

/** Every directory a deploy needs on this host: releases, the shared paths, and the data dir's parts. */
export function requiredDirs(context: TaskContext, session: HostSession): string[] {
  const { paths } = session;
  const shared = context.config.sharedPaths.map(({ shared: name }) => path.posix.join(paths.shared, name));
  const data = ['uploads', 'cache', 'log', 'run'].map((name) => path.posix.join(paths.dataDir, name));
  return [...new Set([paths.deployTo, paths.releases, paths.shared, ...shared, paths.dataDir, ...data])];
}
