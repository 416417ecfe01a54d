/**
 * The seam between the supervisor and real processes. The supervisor only
 * sees `SpawnWorker` and `WorkerProcess`; unit tests pass a twin.
 *
 * The real spawner forks through node:cluster with scheduling policy
 * SCHED_NONE: when a worker listens on an address, the supervisor's cluster
 * primary creates the listening socket once, keeps it, and hands the same
 * handle to every worker that listens on that address. A replacement
 * listens on the very socket its predecessor accepts from, so during a
 * rolling restart the address never loses its listener and no connection
 * is refused. The primary itself never accepts.
 */
import cluster from 'node:cluster';
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatAddress, type WorkerAddress } from '#app/server/pool/address.ts';
import { isWorkerMessage, type SupervisorMessage, type WorkerMessage } from '#app/server/pool/messages.ts';

export type Transport = 'fastcgi' | 'http';

/** What a new worker is told: its slot, name (FOLIO_WORKER), address and protocol. */
export interface WorkerSpec {
  readonly slot: number;
  readonly name: string;
  readonly address: WorkerAddress;
  readonly transport: Transport;
}

/** A running worker process as the supervisor sees it. */
export interface WorkerProcess {
  readonly pid: number | undefined;
  send(message: SupervisorMessage): void;
  kill(signal: NodeJS.Signals): void;
  onMessage(listener: (message: WorkerMessage) => void): void;
  onExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void;
}

export type SpawnWorker = (spec: WorkerSpec) => WorkerProcess;

const ownEntry = fileURLToPath(new URL('./worker.ts', import.meta.url));
const entryInRelease = 'app/server/pool/worker.ts';

/**
 * Forks `worker.ts`, with the spec on argv for `ps` to show. Without
 * `root`, from this process's own code and execArgv (tsx's loader). With
 * `root` (a deploy's `current` symlink), the link is resolved at every
 * spawn and the worker runs from the release it points to then (cwd there,
 * tsx from there), so a rolling restart after a deploy runs the new code.
 */
export function clusterSpawner(options: { root?: string | undefined } = {}): SpawnWorker {
  // Must be set before the first fork; cluster freezes it then.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  return (spec) => {
    cluster.setupPrimary({ ...workerCode(options.root), args: workerArgs(spec) });
    const worker = cluster.fork({ FOLIO_WORKER: spec.name });
    return {
      pid: worker.process.pid,
      send(message) {
        // A worker that is exiting may close its channel first; its exit is what counts.
        if (worker.isConnected()) worker.send(message, undefined, () => {});
      },
      kill(signal) {
        worker.process.kill(signal);
      },
      onMessage(listener) {
        worker.on('message', (message: unknown) => {
          if (isWorkerMessage(message)) listener(message);
        });
      },
      onExit(listener) {
        worker.on('exit', (code: number | null, signal: NodeJS.Signals | null) => listener(code, signal));
      },
    };
  };
}

/** Where a new worker's code comes from; `root` is resolved now, not when the pool started. */
export function workerCode(root?: string): { exec: string; execArgv: string[]; cwd?: string } {
  if (root === undefined) return { exec: ownEntry, execArgv: process.execArgv };
  const release = realpathSync(root);
  // `--import tsx` resolves from the cwd: the release's own tsx.
  return { exec: path.join(release, entryInRelease), execArgv: ['--import', 'tsx'], cwd: release };
}

/** Fails early on a root that holds no Folio release. */
export function checkRoot(root: string): void {
  if (!existsSync(path.join(root, entryInRelease))) throw new Error(`--root: ${root} holds no ${entryInRelease}`);
}

export function workerArgs(spec: WorkerSpec): string[] {
  return ['--listen', formatAddress(spec.address), '--transport', spec.transport];
}
