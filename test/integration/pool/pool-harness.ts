/**
 * Runs `folio workers …` as real processes (compiled, as `npm run workers`
 * does: app/commands/launch.mjs) against a temp data dir, and cleans up every process it
 * ever saw, even after a failed test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isAlive, readPid, readState, runPaths, type RunPaths, type StateFile } from '#app/server/pool/state-file.ts';
import { waitFor } from '#test/support/wait-for.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const launch = path.join(root, 'app/commands/launch.mjs');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Create it in beforeAll (it makes the temp data dir), and call cleanup() in afterAll. */
export class PoolHarness {
  readonly dataDir = mkdtempSync(path.join(tmpdir(), 'folio-pool-'));
  readonly paths: RunPaths = runPaths(this.dataDir);
  readonly env: NodeJS.ProcessEnv;
  readonly #seen = new Set<number>();
  readonly #children = new Set<ChildProcess>();
  readonly #cleanups: (() => Promise<void>)[] = [];

  constructor() {
    const { FOLIO_WORKER: _ignored, ...env } = process.env;
    this.env = {
      ...env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      FOLIO_DATA_DIR: this.dataDir,
      SESSION_SECRET: 'pool-test-secret-that-is-long-enough',
      BASE_URL: 'http://blog.test',
    };
  }

  /** Runs `folio workers ARGS` to completion. */
  run(args: string[], timeoutMs = 120_000): Promise<RunResult> {
    const child = this.spawn(args);
    return new Promise((resolve, reject) => {
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (chunk) => (stdout += chunk));
      child.stderr!.on('data', (chunk) => (stderr += chunk));
      const timer = setTimeout(
        () => reject(new Error(`workers ${args.join(' ')} still running after ${timeoutMs} ms\n${stdout}\n${stderr}`)),
        timeoutMs,
      );
      child.once('close', (code) => {
        clearTimeout(timer);
        this.#children.delete(child);
        resolve({ code, stdout, stderr });
      });
    });
  }

  /** Starts `folio workers ARGS` and leaves it running (a foreground supervisor); output is kept on `output`. */
  spawn(args: string[]): ChildProcess & { output: string[] } {
    const child = Object.assign(
      spawn(process.execPath, [launch, 'workers', ...args], {
        cwd: root,
        env: this.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
      { output: [] as string[] },
    );
    child.stdout.on('data', (chunk) => child.output.push(String(chunk)));
    child.stderr.on('data', (chunk) => child.output.push(String(chunk)));
    this.#children.add(child);
    return child;
  }

  /** The state file, noting every pid in it for cleanup. */
  state(): StateFile | undefined {
    const state = readState(this.paths);
    if (state) {
      this.#seen.add(state.supervisorPid);
      for (const worker of state.workers) if (worker.pid) this.#seen.add(worker.pid);
    }
    return state;
  }

  /** Polls the state file until `check` returns something. */
  async waitForState<T>(check: (state: StateFile) => T | undefined | false, timeoutMs = 150_000): Promise<T> {
    return waitFor(
      () => {
        const state = this.state();
        return state && check(state);
      },
      {
        timeout: timeoutMs,
        interval: 100,
        message: () => `the state file to match; last: ${JSON.stringify(this.state())}\n${this.log()}`,
      },
    );
  }

  /** Waits until every slot has a ready worker; returns their pids by slot. */
  ready(count: number): Promise<number[]> {
    return this.waitForState((state) => {
      const ready = state.workers.filter((w) => w.state === 'ready');
      return state.phase === 'running' && ready.length === count ? ready.map((w) => w.pid!) : undefined;
    });
  }

  log(): string {
    return existsSync(this.paths.logFile) ? readFileSync(this.paths.logFile, 'utf8') : '';
  }

  /** Runs `work` at cleanup, after every process is gone (e.g. dropping the pool's PostgreSQL database). */
  onCleanup(work: () => Promise<void>): void {
    this.#cleanups.push(work);
  }

  /** Kills whatever is left (supervisor, workers, our children) and removes the data dir. */
  async cleanup(): Promise<void> {
    this.state();
    const pid = readPid(this.paths);
    if (pid) this.#seen.add(pid);
    for (const seen of this.#seen) if (isAlive(seen)) process.kill(seen, 'SIGKILL');
    for (const child of this.#children) child.kill('SIGKILL');
    // Everything was SIGKILLed: a few seconds is plenty, and the data dir goes either way.
    await waitFor(() => ![...this.#seen].some(isAlive), { timeout: 5000, message: 'killed processes to go' }).catch(
      () => undefined,
    );
    for (const work of this.#cleanups.splice(0)) await work();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

export { freePorts } from '#test/support/ports.ts';

/** A GET on a fresh connection (no keep-alive), to a port or a unix socket. */
export function get(target: number | string, urlPath = '/'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const where = typeof target === 'number' ? { host: '127.0.0.1', port: target } : { socketPath: target };
    const request = http.get(
      { ...where, path: urlPath, agent: false, headers: { host: 'blog.test' }, timeout: 120_000 },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', reject);
  });
}

/** Sends GETs round the targets, `concurrency` at a time, until `done()`; counts what failed and why. */
export function steadyTraffic(
  targets: Array<number | string>,
  done: () => boolean,
  concurrency = 4,
): Promise<{ ok: number; failed: string[] }> & { answered(count: number): Promise<void>; readonly ok: number } {
  let ok = 0;
  let next = 0;
  let ended = false;
  const failed: string[] = [];
  const waiters = new Set<{ count: number; resolve: () => void }>();
  const client = async () => {
    while (!done()) {
      const target = targets[next++ % targets.length]!;
      try {
        const res = await get(target);
        if (res.status === 200) ok += 1;
        else failed.push(`${target}: HTTP ${res.status}`);
      } catch (error) {
        failed.push(`${target}: ${(error as Error).message}`);
      }
      for (const waiter of waiters) {
        if (ok < waiter.count) continue;
        waiters.delete(waiter);
        waiter.resolve();
      }
    }
  };
  const run = Promise.all(Array.from({ length: concurrency }, client))
    .then(() => ({ ok, failed }))
    .finally(() => {
      ended = true;
      for (const waiter of waiters) waiter.resolve();
    });
  return Object.defineProperties(run as typeof run & { answered(count: number): Promise<void>; readonly ok: number }, {
    // Resolves once `count` requests in all were answered 200 (or the traffic ended first).
    answered: {
      value: (count: number) =>
        ok >= count || ended ? Promise.resolve() : new Promise<void>((resolve) => waiters.add({ count, resolve })),
    },
    ok: { get: () => ok },
  });
}
