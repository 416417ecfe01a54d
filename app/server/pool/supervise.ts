/**
 * The supervisor process: claims the data dir (pid file), applies
 * migrations once, spawns the pool, routes signals through the table, keeps
 * the state file current, and cleans up after stopping.
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
  try {
    // Workers boot with { migrate: false }: the schema is brought up to date here, once.
    const { logger } = await boot({ ...env, FOLIO_WORKER: 'supervisor' });
    await disconnectDatabase();
    await clearStaleSockets(plan.addresses);
    const supervisor = new Supervisor(plan, {
      spawnWorker: clusterSpawner({ root: options.root }),
      logger,
      publish: stateWriter(paths, (error) => logger.warn({ err: error }, `cannot write ${paths.stateFile}`), {
        pid: process.pid,
        origin: codeOrigin(appRoot),
      }),
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
