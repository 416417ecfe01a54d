/**
 * Shapes (c) and (d): the worker pool (`npm run workers -- start --daemon`,
 * FastCGI) behind a real Apache running the generated site config, through
 * the integration tier's harness (test/support/apache.ts). The deployed app
 * root is a copy of public/ with one more file: the static page Apache's
 * baseline serves, through the very same rewrite rules.
 */
import { chmodSync, cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startApache, type Apache } from '#test/support/apache.ts';
import { freePorts } from '#test/support/ports.ts';
import { readState, runPaths, isAlive } from '#app/server/pool/state-file.ts';
import { onCleanup, removeLater } from '#test/bench/cleanup.ts';
import { root, rssMb, runFolio } from '#test/bench/processes.ts';

export const workerCount = 2;
/** Where the static baseline lives in the deployed public/. */
export const staticPagePath = '/bench-static.html';

export interface Pool {
  workerArgs: string[];
  workerPids(): number[];
  /** Resident memory of each worker now, in MB. */
  workersRssMb(): number[];
  stop(): Promise<void>;
}

/** A release-like app root (public/ copied) readable by Apache's user, with the static baseline page in it. */
export function deployedApp(staticPage: Buffer): { appRoot: string; remove(): Promise<void> } {
  const appRoot = mkdtempSync(path.join(tmpdir(), 'folio-bench-release-'));
  const remove = removeLater(appRoot);
  chmodSync(appRoot, 0o755);
  cpSync(path.join(root, 'public'), path.join(appRoot, 'public'), { recursive: true });
  writeFileSync(path.join(appRoot, 'public', staticPagePath), staticPage);
  return { appRoot, remove };
}

/** Lets Apache's user (www-data when run as root) read the page cache in a temp data dir. */
export function openToWebServer(dataDir: string): void {
  chmodSync(dataDir, 0o755);
  mkdirSync(path.join(dataDir, 'cache'), { recursive: true, mode: 0o755 });
}

/** `workers start --count 2 --listen 127.0.0.1:P --daemon`; stopped with `workers stop`. */
export async function startPool(env: Record<string, string>): Promise<Pool> {
  const dataDir = env.FOLIO_DATA_DIR!;
  const base = await freePorts(workerCount);
  const workerArgs = ['--count', String(workerCount), '--listen', `127.0.0.1:${base}`];
  const started = await runFolio(['workers', 'start', ...workerArgs, '--daemon'], env);
  const supervisorPid = Number(/supervisor pid (\d+)/.exec(started.stdout)?.[1]);
  const stop = onCleanup(`worker pool in ${dataDir}`, async () => {
    const stopped = await runFolio(['workers', 'stop'], { ...env, LOG_LEVEL: 'silent' });
    if (stopped.code !== 0 && supervisorPid && isAlive(supervisorPid)) process.kill(supervisorPid, 'SIGTERM');
    for (let i = 0; i < 100 && supervisorPid && isAlive(supervisorPid); i++) await sleep(100);
  });
  if (started.code !== 0 || !supervisorPid) {
    await stop();
    throw new Error(`workers start failed (exit ${started.code}):\n${started.stdout}\n${started.stderr}`);
  }
  const workerPids = () => (readState(runPaths(dataDir))?.workers ?? []).flatMap((w) => (w.pid ? [w.pid] : []));
  return { workerArgs, workerPids, workersRssMb: () => workerPids().map(rssMb), stop };
}

/** Apache on a loopback port in front of the pool, with the generated config. */
export async function startWebServer(
  dataDir: string,
  pool: Pool,
  appRoot: string,
): Promise<Apache & { close(): Promise<void> }> {
  const apache = await startApache({ dataDir, workerArgs: pool.workerArgs, appRoot });
  const close = onCleanup('apache', () => apache.stop());
  return Object.assign(apache, { close });
}
