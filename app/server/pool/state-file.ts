/**
 * The supervisor's files under `<dataDir>/run/`, which let `status`,
 * `restart` and `stop` find it from another shell:
 *   supervisor.pid   the supervisor's pid; created exclusively, so it is also the lock
 *   workers.json     the pool snapshot (PoolSnapshot plus the supervisor's pid)
 * and the daemon's log, `<dataDir>/log/workers.log`.
 */
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { CodeOrigin } from '#app/server/pool/release.ts';
import type { PoolSnapshot } from '#app/server/pool/snapshot.ts';

export interface RunPaths {
  readonly dir: string;
  readonly pidFile: string;
  readonly stateFile: string;
  readonly logFile: string;
}

/** The pool snapshot, the supervisor's pid, and the release its own code runs from (realpath, and its REVISION or null). */
export type StateFile = PoolSnapshot & {
  readonly supervisorPid: number;
  readonly supervisorRelease: string | null;
  readonly supervisorRevision: string | null;
};

export class SupervisorRunning extends Error {
  constructor(
    readonly pid: number,
    pidFile: string,
  ) {
    super(`a worker pool supervisor is already running for this data dir (pid ${pid}, ${pidFile})`);
    this.name = 'SupervisorRunning';
  }
}

export function runPaths(dataDir: string): RunPaths {
  const dir = path.join(dataDir, 'run');
  return {
    dir,
    pidFile: path.join(dir, 'supervisor.pid'),
    stateFile: path.join(dir, 'workers.json'),
    logFile: path.join(dataDir, 'log', 'workers.log'),
  };
}

/** Claims the data dir for this process; a pid file left by a dead process is removed first. */
export function acquirePidFile(paths: RunPaths, pid = process.pid): void {
  mkdirSync(paths.dir, { recursive: true });
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(paths.pidFile, 'wx', 0o644);
      writeSync(fd, `${pid}\n`);
      closeSync(fd);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readPid(paths);
    if (holder !== undefined && isAlive(holder)) throw new SupervisorRunning(holder, paths.pidFile);
    rmSync(paths.pidFile, { force: true });
    rmSync(paths.stateFile, { force: true });
  }
  throw new Error(`could not claim ${paths.pidFile}: another supervisor is starting`);
}

/** The pid in the pid file, if there is a readable one. */
export function readPid(paths: RunPaths): number | undefined {
  let text: string;
  try {
    text = readFileSync(paths.pidFile, 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the pid and state files, if the pid file is still this process's. */
export function releaseRunFiles(paths: RunPaths, pid = process.pid): void {
  if (readPid(paths) !== pid) return;
  rmSync(paths.stateFile, { force: true });
  rmSync(paths.pidFile, { force: true });
}

/** Writes atomically (temp file, then rename), so a reader never sees half a file. */
export function writeState(paths: RunPaths, state: StateFile): void {
  const temp = `${paths.stateFile}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(state, null, 2) + '\n');
  renameSync(temp, paths.stateFile);
}

export function readState(paths: RunPaths): StateFile | undefined {
  try {
    return JSON.parse(readFileSync(paths.stateFile, 'utf8')) as StateFile;
  } catch {
    return undefined;
  }
}

/**
 * A `publish` for the supervisor: every change is written at once (the file
 * is small). A failed write (disk full, run dir removed) is reported, never
 * thrown into the supervisor's event handlers.
 */
export function stateWriter(
  paths: RunPaths,
  onError: (error: Error) => void,
  supervisor: { pid: number; origin: CodeOrigin },
): (snapshot: PoolSnapshot) => void {
  const { pid, origin } = supervisor;
  return (snapshot) => {
    try {
      mkdirSync(paths.dir, { recursive: true });
      writeState(paths, {
        ...snapshot,
        supervisorPid: pid,
        supervisorRelease: origin.release,
        supervisorRevision: origin.revision,
      });
    } catch (error) {
      onError(error as Error);
    }
  };
}
