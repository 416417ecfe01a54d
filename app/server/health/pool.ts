/**
 * Check B, after the restart: the running pool of this data dir. Its
 * supervisor runs, every worker is ready and was forked from this release,
 * and each worker, asked directly over its own protocol (never through the
 * web server, never for a cached page), answers the routes that matter.
 */
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '#config/environment.ts';
import { appRoot } from '#app/root.ts';
import { parseAddress } from '#app/server/pool/address.ts';
import { isAlive, readPid, readState, runPaths, type StateFile } from '#app/server/pool/state-file.ts';
import type { WorkerRow } from '#app/server/pool/worker-handle.ts';
import { fastcgiAsk, httpAsk, uncachedQuery } from '#app/server/health/ask.ts';
import { awaitLoggedInFile, logFileEnd } from '#app/server/health/logged-errors.ts';
import { probeRoutes, type ProbeTarget } from '#app/server/health/probe.ts';
import { CheckFailure, type Deadline } from '#app/server/health/deadline.ts';
import { routesThatMatter } from '#app/server/health/routes.ts';

/** The release a worker was forked from, as the state file records it (pools started before it did leave it out). */
type Row = WorkerRow & {
  /** realpath of the release directory; null if unknown. */
  readonly release?: string | null;
  /** That release's REVISION. */
  readonly revision?: string | null;
};

/** The release the supervisor's own code runs from (it forks workers from --root, not from its own tree). */
type State = StateFile & { readonly supervisorRelease?: string | null; readonly supervisorRevision?: string | null };

/** Resolves when the pool is this release's and every worker passed; throws CheckFailure otherwise. */
export async function checkPool(config: Config, deadline: Deadline, print: (line: string) => void): Promise<void> {
  const paths = runPaths(config.dataDir);
  const logFrom = logFileEnd(paths.logFile);
  const state = runningState(config.dataDir);
  const release = thisRelease();
  const workers = serving(state);
  const foreign = workers
    .map((row) => ({ row, release: releaseOf(row) }))
    .filter((worker) => worker.release !== release.dir);
  if (foreign.length > 0) {
    const which = foreign
      .map(
        ({ row, release: other }) =>
          `worker ${row.name} (pid ${row.pid}) runs ${other ? `${other}${revision(row.revision)}` : 'an unknown release (its cwd cannot be read)'}`,
      )
      .join(', ');
    throw new CheckFailure(`${which}; this release is ${release.dir}${revision(release.revision)}`);
  }
  const supervisor = state.supervisorRelease
    ? `, itself running ${state.supervisorRelease}${revision(state.supervisorRevision)}`
    : '';
  print(
    `supervisor pid ${state.supervisorPid}${supervisor}: ${workers.length} ${state.transport} worker(s) ready, all from ${release.dir}${revision(release.revision)}`,
  );

  deadline.doing('reading the routes to check from the database');
  const plan = await routesThatMatter();
  for (const note of plan.skipped) print(note);
  const baseUrl = new URL(config.baseUrl);
  for (const row of workers) {
    const address = parseAddress(row.address);
    const ask =
      state.transport === 'fastcgi'
        ? fastcgiAsk(address.kind === 'unix' ? { path: address.path } : address, baseUrl, uncachedQuery)
        : httpAsk(address.kind === 'unix' ? { socketPath: address.path } : address, baseUrl.host, uncachedQuery);
    const target: ProbeTarget = {
      label: `worker ${row.name}`,
      ask,
      explain: (requestId) => awaitLoggedInFile(paths.logFile, logFrom, requestId, deadline.signal),
      log: paths.logFile,
    };
    await probeRoutes(target, plan.routes, deadline, print);
  }
}

function runningState(dataDir: string): State {
  const paths = runPaths(dataDir);
  const pid = readPid(paths);
  if (pid === undefined) throw new CheckFailure(`no worker pool is running for ${dataDir} (no ${paths.pidFile})`);
  if (!isAlive(pid))
    throw new CheckFailure(
      `no worker pool is running for ${dataDir}: the supervisor (pid ${pid}) in ${paths.pidFile} is gone`,
    );
  const state = readState(paths);
  if (!state || state.supervisorPid !== pid)
    throw new CheckFailure(
      `the supervisor (pid ${pid}) has not written ${paths.stateFile} yet; it may still be starting`,
    );
  if (state.phase !== 'running')
    throw new CheckFailure(`the pool (supervisor pid ${pid}) is ${state.phase}, not running`);
  return state;
}

/**
 * Each slot's serving worker, which must be ready. Draining rows (old
 * workers finishing their requests beside their replacements) are left out:
 * they take no new connections.
 */
function serving(state: State): Row[] {
  const rows = (state.workers as Row[]).filter((row) => row.state !== 'draining');
  if (rows.length === 0) throw new CheckFailure(`the pool (supervisor pid ${state.supervisorPid}) has no workers`);
  const unready = rows.filter((row) => row.state !== 'ready' || !row.pid || !isAlive(row.pid));
  if (unready.length > 0) {
    throw new CheckFailure(
      unready
        .map(
          (row) =>
            `worker ${row.name} (pid ${row.pid ?? '-'}) is ${row.state === 'ready' ? 'gone' : row.state}${row.lastExit ? ` (${row.lastExit})` : ''}`,
        )
        .join(', '),
    );
  }
  return rows;
}

/** The release a worker was forked from: the state file's word, else the worker's cwd (the spawner sets it to the release). */
function releaseOf(row: Row): string | undefined {
  if (row.release) return row.release;
  try {
    return realpathSync(`/proc/${row.pid}/cwd`);
  } catch {
    return undefined;
  }
}

function revision(value: string | null | undefined): string {
  return value ? ` (revision ${value})` : '';
}

/** This release: the tree this command runs from (its cwd under npm run), and its REVISION if the deploy wrote one. */
function thisRelease(): { dir: string; revision: string | undefined } {
  const dir = realpathSync(appRoot);
  let revision: string | undefined;
  try {
    revision = readFileSync(path.join(dir, 'REVISION'), 'utf8').trim() || undefined;
  } catch {
    /* not a deployed tree */
  }
  return { dir, revision };
}
