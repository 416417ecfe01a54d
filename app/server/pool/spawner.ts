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

const workerEntry = fileURLToPath(new URL('./worker.ts', import.meta.url));

/** Forks `worker.ts` with this process's execArgv (tsx's loader), the spec on argv for `ps` to show. */
export function clusterSpawner(entry = workerEntry): SpawnWorker {
  // Must be set before the first fork; cluster freezes it then.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  return (spec) => {
    cluster.setupPrimary({ exec: entry, args: workerArgs(spec), execArgv: process.execArgv });
    const worker = cluster.fork({ FOLIO_WORKER: spec.name });
    return {
      pid: worker.process.pid,
      send(message) {
        if (worker.isConnected()) worker.send(message);
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

export function workerArgs(spec: WorkerSpec): string[] {
  return ['--listen', formatAddress(spec.address), '--transport', spec.transport];
}
