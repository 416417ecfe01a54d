/**
 * `npm run workers -- <command>`: the worker pool, for Apache or lighttpd in front.
 *   start [--count N] [--listen HOST:PORT | --socket-dir DIR] [--http] [--daemon] [--drain-timeout SECONDS] [--root DIR]
 *   status    one row per worker: pid, address, state, uptime, requests served, RSS
 *   restart   graceful rolling restart (or: kill -USR2 / -HUP the supervisor)
 *   stop      graceful stop (or: kill -TERM / -INT the supervisor)
 *   top [--interval SECONDS] [--once]   live per worker: requests/s, errors/s, p50/p95/p99, RSS, deaths
 * The supervisor is found through <dataDir>/run/supervisor.pid.
 */
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '#config/environment.ts';
import { parseOptions, poolOptions, numberOption, workerPool } from '#app/commands/arguments.ts';
import { CliError } from '#app/commands/cli-error.ts';
import { waitForState } from '#app/commands/state-watch.ts';
import { launchDetached } from '#app/server/pool/daemon.ts';
import { defaultStartOptions, type StartOptions } from '#app/server/pool/plan.ts';
import { formatStatus } from '#app/server/pool/status-table.ts';
import { isAlive, readPid, readState, runPaths, type RunPaths, type StateFile } from '#app/server/pool/state-file.ts';

const usage =
  'usage: npm run workers -- start [--count N] [--listen HOST:PORT | --socket-dir DIR] [--http] [--daemon] [--drain-timeout SECONDS] [--root DIR] | status | restart | stop | top [--interval SECONDS] [--once]';

export async function workers(args: string[]): Promise<void> {
  const [command, ...rest] = args;
  if (command === 'start') return start(rest);
  if (command === 'top') return startTop(rest);
  if (command !== 'status' && command !== 'restart' && command !== 'stop')
    throw new CliError(`${command ? `unknown workers command "${command}"` : 'no workers command given'}\n${usage}`);
  if (rest.length > 0) throw new CliError(`workers ${command} takes no options\n${usage}`);
  if (command === 'status') return status();
  if (command === 'restart') return restart();
  return stop();
}

async function start(args: string[]): Promise<void> {
  const { options, daemon } = parseStart(args);
  if (daemon) {
    const { logFile } = runPaths(loadConfig().dataDir);
    try {
      const ready = await launchDetached(['workers', 'start', ...args.filter((arg) => arg !== '--daemon')], logFile);
      console.log(
        `worker pool ready: supervisor pid ${ready.supervisorPid}, workers ${ready.workerPids.join(', ')} (log: ${logFile})`,
      );
    } catch (error) {
      throw new CliError((error as Error).message);
    }
    return;
  }
  const { supervise } = await import('#app/server/pool/supervise.ts');
  try {
    await supervise(options);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

function status(): void {
  const { paths, pid } = runningSupervisor();
  const state = readState(paths);
  if (!state)
    throw new CliError(`the supervisor (pid ${pid}) has not written ${paths.stateFile} yet; it may still be starting`);
  console.log(formatStatus(state));
}

async function startTop(args: string[]): Promise<void> {
  const values = parseOptions(args, { interval: { type: 'string' }, once: { type: 'boolean' } }, usage);
  const intervalMs = values.interval === undefined ? 1000 : numberOption('--interval', values.interval, 1, 3600) * 1000;
  const { paths, pid } = runningSupervisor();
  const { top } = await import('#app/commands/workers-top.ts');
  await top(paths, pid, { intervalMs, once: values.once ?? false });
}

async function restart(): Promise<void> {
  const { paths, pid } = runningSupervisor();
  const before = readState(paths);
  const sentAt = Date.now();
  process.kill(pid, 'SIGUSR2');
  const done = await waitForState(paths, pid, timeoutFor(before), (state) => {
    const record = state?.lastRestart;
    return record && record.startedAt >= sentAt && record.finishedAt !== null ? record : undefined;
  });
  if (!done)
    throw new CliError(
      `the restart did not finish within ${timeoutFor(before) / 1000} s; see npm run workers -- status`,
    );
  for (const { worker, oldPid, newPid } of done.replaced)
    console.log(`worker ${worker}: pid ${oldPid ?? '-'} → ${newPid ?? '-'}`);
  if (!done.ok) throw new CliError(`restart failed: ${done.error}`);
  console.log('rolling restart done');
}

async function stop(): Promise<void> {
  const { paths, pid } = runningSupervisor();
  const before = readState(paths);
  process.kill(pid, 'SIGTERM');
  const timeoutMs = (before?.drainTimeoutMs ?? 30_000) + 15_000;
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline)
      throw new CliError(`the supervisor (pid ${pid}) is still running ${timeoutMs / 1000} s after SIGTERM`);
    await sleep(100);
  }
  console.log(`worker pool stopped (supervisor pid ${pid})`);
}

function parseStart(args: string[]): { options: StartOptions; daemon: boolean } {
  const values = parseOptions(
    args,
    {
      ...poolOptions,
      http: { type: 'boolean' },
      daemon: { type: 'boolean' },
      'drain-timeout': { type: 'string' },
      root: { type: 'string' },
    },
    usage,
  );
  try {
    const options: StartOptions = {
      ...workerPool(values),
      transport: values.http ? 'http' : 'fastcgi',
      drainTimeoutMs:
        values['drain-timeout'] === undefined
          ? defaultStartOptions.drainTimeoutMs
          : numberOption('--drain-timeout', values['drain-timeout'], 1, 3600) * 1000,
      // Absolute, but its symlinks kept: a `current` symlink is followed anew at every spawn.
      root: values.root === undefined ? undefined : path.resolve(values.root),
    };
    return { options, daemon: values.daemon ?? false };
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

function runningSupervisor(): { paths: RunPaths; pid: number } {
  const { dataDir } = loadConfig();
  const paths = runPaths(dataDir);
  const pid = readPid(paths);
  if (pid === undefined)
    throw new CliError(
      `no worker pool is running for ${dataDir} (no ${paths.pidFile}); start one with: npm run workers -- start`,
    );
  if (!isAlive(pid))
    throw new CliError(
      `no worker pool is running for ${dataDir}: the supervisor (pid ${pid}) in ${paths.pidFile} is gone`,
    );
  return { paths, pid };
}

/** Long enough for every slot to boot a replacement and drain the old worker. */
function timeoutFor(state: StateFile | undefined): number {
  const perSlot = (state?.bootTimeoutMs ?? 60_000) + (state?.drainTimeoutMs ?? 30_000) + 2_000;
  return Math.max(1, state?.workers.length ?? 1) * perSlot + 10_000;
}
