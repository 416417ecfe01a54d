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
import { sh, type Shell } from '#deploy/transport/shell.ts';
import { sweepScript } from '#deploy/tasks/cache.ts';
import { folioCommand, type HostSession } from '#deploy/tasks/session.ts';

export const appHosts = (sessions: readonly HostSession[]) => sessions.filter((session) => session.has('app'));

/**
 * Brings the pool onto the release `current` points to now, and sweeps the
 * page cache, in one round trip: the host decides between a rolling restart
 * (the running supervisor was started with these very arguments, from a
 * release with the same environment) and a graceful stop and fresh start.
 */
export async function restartWorkers(session: HostSession): Promise<string> {
  const { current, pidFile } = session.paths;
  const wanted = ['workers', 'start', ...startArguments(session)];
  const sameArguments = sh`[ "$(tr '\\000' '\\n' < /proc/$pid/cmdline | tail -n ${wanted.length})" = ${wanted.join('\n')} ]`;
  const sameEnvironment = sh`cmp -s "$(readlink /proc/$pid/cwd)/.deploy-env" ${`${current}/.deploy-env`}`;
  const rolling = session.appCommand(current, folioCommand('workers', 'restart'));
  const script = sh`pid=$(cat ${pidFile} 2>/dev/null); if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && ${sameArguments} && ${sameEnvironment}; then echo "rolling restart of the worker pool (supervisor pid $pid)" && ${rolling}; else if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then echo "stopping the worker pool (supervisor pid $pid): its settings or environment changed"; fi && ${stopScript(session)} && echo "starting the worker pool from current" && ${startScript(session)}; fi && ${sweepScript(session)}`;
  return session.run(script, { what: 'restart the workers' });
}

/** SIGTERM to the supervisor named in the pid file, then wait (drain timeout + margin) until it is gone. */
export async function stopWorkers(session: HostSession): Promise<void> {
  await session.run(stopScript(session), { what: 'stop the workers' });
}

/** Starts the pool from `current` with the live release's environment; done when the workers are ready. */
function startScript(session: HostSession): Shell {
  return session.appCommand(
    session.paths.current,
    folioCommand('workers', 'start', '--daemon', ...startArguments(session)),
  );
}

function stopScript(session: HostSession): Shell {
  const limit = (session.host.workers.drainTimeout + 15) * 5; // polls, 0.2 s apart
  const { pidFile } = session.paths;
  return sh`if [ -f ${pidFile} ]; then pid=$(cat ${pidFile}); if kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid"; n=0; while kill -0 "$pid" 2>/dev/null; do n=$((n+1)); if [ "$n" -gt ${limit} ]; then echo "the supervisor (pid $pid) is still running after SIGTERM" >&2; exit 1; fi; sleep 0.2; done; echo "stopped the worker pool (supervisor pid $pid)"; fi; fi`;
}

/** `workers start` arguments for this host (without --daemon, which the supervisor does not keep). */
function startArguments(session: HostSession): string[] {
  const { workers } = session.host;
  const listen =
    workers.listen &&
    `${workers.listen.host.includes(':') ? `[${workers.listen.host}]` : workers.listen.host}:${workers.listen.port}`;
  return [
    '--count',
    String(workers.count),
    ...(workers.socketDir ? ['--socket-dir', workers.socketDir] : ['--listen', listen!]),
    ...(workers.http ? ['--http'] : []),
    '--drain-timeout',
    String(workers.drainTimeout),
    '--root',
    session.paths.current,
  ];
}
