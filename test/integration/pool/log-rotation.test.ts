import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PoolHarness, freePorts, get } from '#test/integration/pool/pool-harness.ts';

// The daemon's log, <dataDir>/log/workers.log, is written by the supervisor
// and every worker through one inherited descriptor. Opened with O_APPEND,
// a truncation from outside (logrotate's copytruncate) makes every later
// write land at the new end: the file restarts at offset 0, no NUL hole.

const root = path.resolve(import.meta.dirname, '../../..');
const O_APPEND = 0o2000;

describe("the worker pool's log under rotation", () => {
  let pool: PoolHarness;
  let port: number;
  let traffic: LoggedTraffic;

  beforeAll(async () => {
    pool = new PoolHarness();
    port = await freePorts(2);
    const started = await pool.run(['start', '--daemon', '--http', '--listen', `127.0.0.1:${port}`]);
    expect(started.code, started.stderr + pool.log()).toBe(0);
    await pool.ready(2);
    traffic = new LoggedTraffic([port, port + 1]);
  });
  afterAll(async () => {
    await traffic?.stop();
    await pool?.cleanup();
  });

  it('is written by the supervisor and every worker through descriptors opened with O_APPEND', () => {
    const state = pool.state()!;
    for (const pid of [state.supervisorPid, ...state.workers.map((w) => w.pid!)]) {
      for (const fd of [1, 2]) {
        expect(readlinkFd(pid, fd), `pid ${pid} fd ${fd}`).toBe(pool.paths.logFile);
        expect(fdFlags(pid, fd) & O_APPEND, `pid ${pid} fd ${fd} flags`).toBe(O_APPEND);
      }
    }
  });

  it('starts again at offset 0, without NUL bytes, after a truncation while the pool writes', async () => {
    await traffic.until(() => statSync(pool.paths.logFile).size > 20_000);
    truncateSync(pool.paths.logFile, 0);
    await traffic.until(() => statSync(pool.paths.logFile).size > 2000);
    expectCleanLog(readFileSync(pool.paths.logFile));
  });

  it("rotates with the README's logrotate recipe (copytruncate), the pool writing on", async () => {
    const recipe = readmeRecipe()
      .replace('/var/www/folio/shared/data/log/workers.log', pool.paths.logFile)
      .replace('su deploy deploy', `su ${userName()} ${groupName()}`);
    const conf = path.join(pool.dataDir, 'logrotate.conf');
    writeFileSync(conf, recipe);
    await traffic.until(() => statSync(pool.paths.logFile).size > 20_000);
    const rotate = spawnSync('logrotate', ['--force', '--state', path.join(pool.dataDir, 'logrotate.state'), conf], {
      encoding: 'utf8',
    });
    expect(rotate.status, rotate.stderr).toBe(0);
    const rotated = `${pool.paths.logFile}.1`;
    expect(existsSync(rotated)).toBe(true);
    expectCleanLog(readFileSync(rotated));
    await traffic.until(() => statSync(pool.paths.logFile).size > 2000);
    expectCleanLog(readFileSync(pool.paths.logFile));
  });
});

/**
 * Requests that each write a log line (app/middleware/request-log.ts): a
 * path no page cache holds, so every one reaches a worker's app. Runs from
 * construction to stop(), so the pool is writing while the file is truncated.
 */
class LoggedTraffic {
  #stopped = false;
  #sent = 0;
  readonly #errors: string[] = [];
  readonly #clients: Promise<void>[];
  readonly #waiters = new Set<() => void>();

  constructor(ports: number[]) {
    this.#clients = ports.map(async (port) => {
      while (!this.#stopped) {
        try {
          await get(port, `/no-such-page-${(this.#sent += 1)}`);
        } catch (error) {
          this.#errors.push((error as Error).message);
        }
        for (const wake of this.#waiters) wake();
      }
    });
  }

  /** Resolves once `done()` holds, checked after every answer. */
  async until(done: () => boolean): Promise<void> {
    while (!done()) {
      if (this.#stopped) throw new Error('the traffic stopped');
      await new Promise<void>((resolve) => this.#waiters.add(resolve));
      this.#waiters.clear();
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.all(this.#clients);
    expect(this.#errors).toEqual([]);
  }
}

/** Whole JSON lines from the first byte: a NUL hole (or half a line) at the start would fail to parse. */
function expectCleanLog(content: Buffer): void {
  expect(content.includes(0), 'NUL bytes in the log').toBe(false);
  const lines = content
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '');
  expect(lines.length).toBeGreaterThan(0);
  // The last line may still be being written; every earlier one is whole.
  for (const line of lines.slice(0, -1)) expect((): unknown => JSON.parse(line), line.slice(0, 200)).not.toThrow();
  expect(content[0]).toBe('{'.charCodeAt(0));
}

function readmeRecipe(): string {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const recipe = /`\/etc\/logrotate\.d\/folio`:\n\n```conf\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!recipe) throw new Error('README.md has no /etc/logrotate.d/folio recipe');
  return recipe;
}

function readlinkFd(pid: number, fd: number): string {
  return spawnSync('readlink', [`/proc/${pid}/fd/${fd}`], { encoding: 'utf8' }).stdout.trim();
}

function fdFlags(pid: number, fd: number): number {
  const flags = /^flags:\s+([0-7]+)$/m.exec(readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'))?.[1];
  return flags === undefined ? 0 : parseInt(flags, 8);
}

function userName(): string {
  return spawnSync('id', ['-un'], { encoding: 'utf8' }).stdout.trim();
}

function groupName(): string {
  return spawnSync('id', ['-gn'], { encoding: 'utf8' }).stdout.trim();
}
