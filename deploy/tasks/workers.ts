/**
 * The worker pool on app hosts, driven through Folio's own commands.
 *
 * The pool is started with `--root <deployTo>/current`: its supervisor then
 * forks each new worker from the release `current` points to at that
 * moment. So after the switch a rolling restart (`npm run workers --
 * restart`) brings up the new release worker by worker on the same
 * listening sockets: no request is dropped and no connection refused.
 *
 * A rolling restart cannot change what the supervisor itself was started
 * with, so when the running pool's arguments (count, address, …) or the
 * app's environment differ from the new release's, or no pool runs, or it
 * was started without --root, the pool is stopped gracefully (requests in
 * flight finish) and started afresh from `current`.
 */
import { sh } from '#deploy/transport/shell.ts';
import type { Phase } from '#deploy/tasks/phases.ts';
import type { HostSession } from '#deploy/tasks/session.ts';

export const appHosts = (sessions: readonly HostSession[]) => sessions.filter((session) => session.has('app'));

/** Phase 7. */
export const restartPhase: Phase = {
  name: 'restart',
  description: 'rolling restart of the worker pool onto current (or, when its settings or environment changed, a graceful stop and a fresh start)',
  undoDescription: '(the switch undo restarts the previous release)',
  critical: true,
  hosts: appHosts,
  run: (context, session) => restartWorkers(session, (text) => context.reporter.info(session.name, text)),
};

/** Brings the pool onto the release `current` points to now. */
export async function restartWorkers(session: HostSession, say: (text: string) => void = () => {}): Promise<void> {
  const pool = await runningPool(session);
  const { current } = session.paths;
  if (pool && sameArguments(pool.argv, startArguments(session)) && (await sameEnvironment(session, pool.release))) {
    say(`rolling restart of the worker pool (supervisor pid ${pool.pid})`);
    await session.run(session.appCommand(current, ['npm', 'run', '--silent', 'workers', '--', 'restart']), { what: 'rolling restart of the workers' });
    return;
  }
  if (pool) say(`stopping the worker pool (supervisor pid ${pool.pid}): ${pool.argv.includes('--root') ? 'its settings or environment changed' : 'it was not started from current'}`);
  await stopWorkers(session);
  await startWorkers(session);
}

/** Starts the pool from `current` with the live release's environment; resolves when the workers are ready. */
export async function startWorkers(session: HostSession): Promise<void> {
  const argv = ['npm', 'run', '--silent', 'workers', '--', 'start', '--daemon', ...startArguments(session)];
  await session.run(session.appCommand(session.paths.current, argv), { what: 'start the workers' });
}

/** SIGTERM to the supervisor named in the pid file, then wait (drain timeout + margin) until it is gone. */
export async function stopWorkers(session: HostSession): Promise<void> {
  const limit = (session.host.workers.drainTimeout + 15) * 5; // polls, 0.2 s apart
  const { pidFile } = session.paths;
  await session.run(
    sh`if [ -f ${pidFile} ]; then pid=$(cat ${pidFile}); if kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid"; n=0; while kill -0 "$pid" 2>/dev/null; do n=$((n+1)); if [ "$n" -gt ${limit} ]; then echo "the supervisor (pid $pid) is still running after SIGTERM" >&2; exit 1; fi; sleep 0.2; done; echo "stopped the worker pool (supervisor pid $pid)"; fi; fi`,
    { what: 'stop the workers' },
  );
}

/** The running supervisor: its pid, the release it runs from (its cwd), its command line. Linux /proc; undefined if none. */
export async function runningPool(session: HostSession): Promise<{ pid: number; release: string; argv: string[] } | undefined> {
  const { pidFile } = session.paths;
  const text = await session.query(
    sh`pid=$(cat ${pidFile} 2>/dev/null) && kill -0 "$pid" 2>/dev/null && [ -r "/proc/$pid/cmdline" ] || exit 0; echo "$pid"; readlink "/proc/$pid/cwd"; tr '\\000' '\\n' < "/proc/$pid/cmdline"`,
    'look at the running worker pool',
  );
  const [pid, release, ...argv] = text.split('\n');
  if (!pid || !release) return undefined;
  return { pid: Number(pid), release, argv: argv.filter((arg) => arg !== '') };
}

/** `workers start` arguments for this host (without --daemon, which the supervisor does not keep). */
function startArguments(session: HostSession): string[] {
  const { workers } = session.host;
  const listen = workers.listen && `${workers.listen.host.includes(':') ? `[${workers.listen.host}]` : workers.listen.host}:${workers.listen.port}`;
  return [
    '--count', String(workers.count),
    ...(workers.socketDir ? ['--socket-dir', workers.socketDir] : ['--listen', listen!]),
    ...(workers.http ? ['--http'] : []),
    '--drain-timeout', String(workers.drainTimeout),
    '--root', session.paths.current,
  ];
}

/** The supervisor's command line ends with `workers start <these arguments>`. */
function sameArguments(running: readonly string[], wanted: readonly string[]): boolean {
  const tail = running.slice(-(wanted.length + 2));
  return tail.join('\0') === ['workers', 'start', ...wanted].join('\0');
}

async function sameEnvironment(session: HostSession, poolRelease: string): Promise<boolean> {
  const answer = await session.query(sh`if cmp -s ${`${poolRelease}/.deploy-env`} ${`${session.paths.current}/.deploy-env`}; then echo same; fi`, 'compare .deploy-env');
  return answer.trim() === 'same';
}
