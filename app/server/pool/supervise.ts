/**
 * The supervisor process: claims the data dir (pid file), applies
 * migrations once, spawns the pool, routes signals through the table, keeps
 * the state file current, runs the monitor loop (app/monitor/loop.ts) and
 * answers for the pool's metrics, and cleans up after stopping.
 */
import net from 'node:net';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { boot } from '#app/boot.ts';
import { appRoot } from '#app/root.ts';
import { loadConfig } from '#config/environment.ts';
import { disconnectDatabase } from '#app/models/db.ts';
import type { WorkerAddress } from '#app/server/pool/address.ts';
import { reportToLauncher } from '#app/server/pool/daemon.ts';
import { planPool, type StartOptions } from '#app/server/pool/plan.ts';
import { handleSignals, supervisorSignals } from '#app/server/pool/signals.ts';
import { codeOrigin } from '#app/server/pool/release.ts';
import { checkRoot, clusterSpawner } from '#app/server/pool/spawner.ts';
import { acquirePidFile, releaseRunFiles, runPaths, stateWriter } from '#app/server/pool/state-file.ts';
import { Supervisor } from '#app/server/pool/supervisor.ts';
import { answerPoolMetrics, poolHostMetrics, poolSources } from '#app/server/pool/monitoring.ts';
import { startMonitor, type MonitorHandle } from '#app/monitor/loop.ts';
import { systemClock } from '#app/clock.ts';

/** Runs the pool in this process until it is stopped (SIGTERM/SIGINT or `workers stop`). */
export async function supervise(
  options: StartOptions,
  env: Record<string, string | undefined> = process.env,
): Promise<void> {
  const plan = planPool(options);
  if (options.root !== undefined) checkRoot(options.root);
  const paths = runPaths(loadConfig(env).dataDir);
  try {
    acquirePidFile(paths);
  } catch (error) {
    await reportToLauncher({ type: 'pool-failed', message: (error as Error).message });
    throw error;
  }
  let monitor: MonitorHandle | undefined;
  try {
    // Workers boot with { migrate: false }: the schema is brought up to date here, once. The connection
    // stays for the monitor loop (activity samples, alerts, the notification outbox).
    const { config, logger } = await boot({ ...env, FOLIO_WORKER: 'supervisor' });
    await clearStaleSockets(plan.addresses);
    const hostMetrics = poolHostMetrics(() => supervisor);
    const supervisor: Supervisor = new Supervisor(plan, {
      spawnWorker: clusterSpawner({ root: options.root }),
      logger,
      publish: stateWriter(paths, (error) => logger.warn({ err: error }, `cannot write ${paths.stateFile}`), {
        pid: process.pid,
        origin: codeOrigin(appRoot),
      }),
      onPoolMetrics: (handle, id) => void answerPoolMetrics(supervisor, hostMetrics, logger, handle, id),
    });
    const removeSignals = handleSignals(process, supervisorSignals, {
      stop: (signal) => {
        logger.info({ signal }, 'stop requested');
        void supervisor.stop();
      },
      restart: (signal) => {
        logger.info({ signal }, 'restart requested');
        void supervisor.restart();
      },
    });
    await supervisor.start();
    if (supervisor.phase !== 'running') throw new Error('the pool was stopped while it was starting');
    monitor = startMonitor({ config, logger, clock: systemClock }, poolSources(supervisor, hostMetrics));
    await reportToLauncher({
      type: 'pool-ready',
      supervisorPid: process.pid,
      workerPids: supervisor.slots.map((slot) => slot.current.pid ?? 0),
    });
    await supervisor.stopped;
    removeSignals();
  } catch (error) {
    await reportToLauncher({ type: 'pool-failed', message: (error as Error).message });
    throw error;
  } finally {
    await monitor?.stop();
    await disconnectDatabase().catch(() => {});
    releaseRunFiles(paths);
  }
}

/** Unix sockets left by a supervisor that was killed; one something still answers on is refused. */
async function clearStaleSockets(addresses: readonly WorkerAddress[]): Promise<void> {
  for (const address of addresses) {
    if (address.kind !== 'unix') continue;
    mkdirSync(path.dirname(address.path), { recursive: true });
    if (await answers(address.path)) throw new Error(`${address.path} is in use by another process`);
    rmSync(address.path, { force: true });
  }
}

function answers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
