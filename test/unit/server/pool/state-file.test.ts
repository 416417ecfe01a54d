import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  acquirePidFile,
  readPid,
  readState,
  releaseRunFiles,
  runPaths,
  stateWriter,
  SupervisorRunning,
  type RunPaths,
} from '#app/server/pool/state-file.ts';
import { unknownOrigin } from '#app/server/pool/release.ts';
import type { PoolSnapshot } from '#app/server/pool/snapshot.ts';

let dataDir: string;
let paths: RunPaths;

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'folio-run-'));
  paths = runPaths(dataDir);
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

/** The pid of a process that has certainly exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid;
}

describe('the run files', () => {
  it('live under <dataDir>/run, the daemon log under <dataDir>/log', () => {
    expect(paths).toEqual({
      dir: path.join(dataDir, 'run'),
      pidFile: path.join(dataDir, 'run', 'supervisor.pid'),
      stateFile: path.join(dataDir, 'run', 'workers.json'),
      logFile: path.join(dataDir, 'log', 'workers.log'),
    });
  });

  it('refuse a second supervisor while the first one lives', () => {
    acquirePidFile(paths, process.pid);
    expect(readPid(paths)).toBe(process.pid);
    expect(() => acquirePidFile(paths, 12345)).toThrow(SupervisorRunning);
    expect(() => acquirePidFile(paths, 12345)).toThrow(`already running for this data dir (pid ${process.pid}`);
  });

  it('clean up after a supervisor that died without removing them', () => {
    mkdirSync(paths.dir, { recursive: true });
    const gone = deadPid();
    writeFileSync(paths.pidFile, `${gone}\n`);
    writeFileSync(paths.stateFile, '{"supervisorPid": 1}');
    acquirePidFile(paths, process.pid);
    expect(readFileSync(paths.pidFile, 'utf8')).toBe(`${process.pid}\n`);
    expect(existsSync(paths.stateFile)).toBe(false);
  });

  it('are removed on release only by the supervisor that owns them', () => {
    acquirePidFile(paths, process.pid);
    stateWriter(paths, fail, { pid: process.pid, origin: unknownOrigin })(snapshot());
    releaseRunFiles(paths, 12345);
    expect(existsSync(paths.pidFile)).toBe(true);
    releaseRunFiles(paths, process.pid);
    expect(existsSync(paths.pidFile)).toBe(false);
    expect(existsSync(paths.stateFile)).toBe(false);
  });

  it("hold the latest snapshot with the supervisor's pid, release and revision", () => {
    mkdirSync(paths.dir, { recursive: true });
    const publish = stateWriter(paths, fail, {
      pid: 4242,
      origin: { release: '/srv/folio/releases/20260101120000', revision: 'c0ffee' },
    });
    publish(snapshot({ phase: 'starting' }));
    publish(snapshot({ phase: 'running' }));
    expect(readState(paths)).toMatchObject({
      supervisorPid: 4242,
      supervisorRelease: '/srv/folio/releases/20260101120000',
      supervisorRevision: 'c0ffee',
      phase: 'running',
      transport: 'fastcgi',
    });
  });

  it('report a failed write instead of throwing it', () => {
    const errors: Error[] = [];
    writeFileSync(path.join(dataDir, 'not-a-dir'), '');
    stateWriter(runPaths(path.join(dataDir, 'not-a-dir')), (error) => errors.push(error), {
      pid: process.pid,
      origin: unknownOrigin,
    })(snapshot());
    expect(errors).toHaveLength(1);
  });
});

function fail(error: Error): never {
  throw error;
}

function snapshot(overrides: Partial<PoolSnapshot> = {}): PoolSnapshot {
  return {
    phase: 'running',
    transport: 'fastcgi',
    startedAt: 1,
    updatedAt: 2,
    drainTimeoutMs: 30_000,
    bootTimeoutMs: 60_000,
    workers: [],
    lastRestart: null,
    ...overrides,
  };
}
