/**
 * Folio's own commands as child processes, run with the very command lines
 * of the npm scripts (`node … app/commands/launch.mjs <command>`, read from
 * package.json, without npm's own process in between): seeding, `folio
 * serve`, and reading a process's memory. Everything started is registered
 * for cleanup.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { userEnv } from '#test/support/cli.ts';
import { onCleanup } from '#test/bench/cleanup.ts';

export const root = path.resolve(import.meta.dirname, '../..');

/** An npm script's command line as argv, e.g. `start` → [node, --liftoff-only, …, app/commands/launch.mjs, serve]. */
function npmScript(name: string): string[] {
  const scripts = (
    JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  ).scripts;
  const argv = scripts[name]?.split(' ');
  if (!argv || argv[0] !== 'node')
    throw new Error(`package.json script "${name}" does not start with node: ${scripts[name]}`);
  return [process.execPath, ...argv.slice(1)];
}

export interface SeedResult {
  articles: number;
  comments: number;
  /** What the seed command reports for its own work. */
  seedSeconds: number;
  /** The whole command, process start and migrations included. */
  wallSeconds: number;
}

/**
 * `npm run seed -- --articles N` into the data dir's SQLite file, or into
 * `databaseUrl` (PostgreSQL), migrating it first, as the command does.
 */
export async function seed(dataDir: string, articles: number, databaseUrl?: string): Promise<SeedResult> {
  const started = performance.now();
  const { code, stdout, stderr } = await runFolio(['seed', '--articles', String(articles)], {
    FOLIO_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  const match = /Seeded (\d+) articles and (\d+) comments in ([\d.]+) s/.exec(stdout);
  if (code !== 0 || !match) throw new Error(`seed --articles ${articles} failed (exit ${code}):\n${stdout}\n${stderr}`);
  return {
    articles: Number(match[1]),
    comments: Number(match[2]),
    seedSeconds: Number(match[3]),
    wallSeconds: (performance.now() - started) / 1000,
  };
}

/** Runs a folio command to completion (with the user's environment, not the bench's FOLIO_* variables). */
export function runFolio(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const [node, ...argv] = npmScript('folio');
    const child = spawn(node!, [...argv, ...args], { cwd: root, env: userEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    const forget = onCleanup(`folio ${args[0]}`, () => stop(child));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => void forget().then(() => resolve({ code, stdout, stderr })));
  });
}

export interface Started {
  url: string;
  /** The node process that serves. */
  pid: number;
  /** Spawn to the first 200 answer on the probe path, in ms. */
  coldStartMs: number;
  stop(): Promise<void>;
}

/** `folio serve` on the port with production settings; resolves once `probePath` answers 200. */
export async function startFolio(env: Record<string, string>, port: number, probePath = '/'): Promise<Started> {
  const started = performance.now();
  const [node, ...argv] = npmScript('start');
  const child = spawn(node!, argv, {
    cwd: root,
    env: userEnv({ NODE_ENV: 'production', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), ...env }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const forget = onCleanup(`folio serve on ${port}`, () => stop(child));
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor200(url + probePath, child, () => stderr);
  } catch (error) {
    await forget();
    throw error;
  }
  const coldStartMs = performance.now() - started;
  return { url, pid: child.pid!, coldStartMs, stop: forget };
}

export async function waitFor200(
  url: string,
  child: ChildProcess | null,
  output: () => string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`process exited with ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms:\n${output()}`);
}

/** SIGTERM, SIGKILL if it lingers. */
export function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Resident memory of one process, in MB (NaN if it is gone). */
export function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
  } catch {
    return NaN;
  }
}

/**
 * wrk stops with up to 32 requests still in flight, and a slow server keeps
 * working on them for seconds: waits until the processes have used no CPU
 * for a while, so the next case starts on an idle server instead of
 * inheriting the last one's backlog.
 */
export async function waitForIdle(pids: number[], timeoutMs = 120_000): Promise<void> {
  const quietMs = 300;
  const deadline = Date.now() + timeoutMs;
  let before = cpuTicks(pids);
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, quietMs));
    const now = cpuTicks(pids);
    // A tick is 10 ms; an idle Node process uses none in 300 ms, a busy one about 30.
    if (now - before <= 2) return;
    before = now;
  }
}

/** User and system CPU time of the processes, in clock ticks (/proc/PID/stat fields 14 and 15). */
function cpuTicks(pids: number[]): number {
  return pids.reduce((sum, pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return sum + Number(fields[11]) + Number(fields[12]);
    } catch {
      return sum;
    }
  }, 0);
}
