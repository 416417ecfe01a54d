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
import { compiled } from '#app/build.mjs';
import { appRoot } from '#app/root.ts';
import { formatAddress, type WorkerAddress } from '#app/server/pool/address.ts';
import { isWorkerMessage, type SupervisorMessage, type WorkerMessage } from '#app/server/pool/messages.ts';
import { codeOrigin, type CodeOrigin } from '#app/server/pool/release.ts';

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
  /** The release it was forked from, for `workers status`. */
  readonly origin: CodeOrigin;
  send(message: SupervisorMessage): void;
  kill(signal: NodeJS.Signals): void;
  onMessage(listener: (message: WorkerMessage) => void): void;
  onExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void;
}

export type SpawnWorker = (spec: WorkerSpec) => WorkerProcess;

const entryInRelease = 'app/server/pool/worker.ts';

/**
 * Forks `worker.ts`, compiled, with the spec on argv for `ps` to show.
 * Without `root`, from this process's own tree. With `root` (a deploy's
 * `current` symlink), the link is resolved at every spawn and the worker
 * runs from the release it points to then (cwd there, its node_modules), so
 * a rolling restart after a deploy runs the new code.
 */
export function clusterSpawner(options: { root?: string | undefined } = {}): SpawnWorker {
  // Must be set before the first fork; cluster freezes it then.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  return (spec) => {
    const { origin, ...code } = workerCode(options.root);
    cluster.setupPrimary({ ...code, args: workerArgs(spec) });
    const worker = cluster.fork({ FOLIO_WORKER: spec.name });
    return {
      pid: worker.process.pid,
      origin,
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

/**
 * Where a new worker's code comes from: the tree's worker entry, compiled
 * (app/build.mjs): a development tree is built now (about 0.2 s), so a
 * worker never runs code older than the sources it was forked from; a
 * deployed release reuses the build its install made. `root` is resolved
 * now, not when the pool started. Plain node, never the supervisor's own
 * execArgv (tsx in tests).
 */
export function workerCode(root?: string): { exec: string; execArgv: string[]; cwd?: string; origin: CodeOrigin } {
  if (root === undefined)
    return { exec: compiled(appRoot, 'worker'), execArgv: [...workerFlags], origin: codeOrigin(appRoot) };
  const release = realpathSync(root);
  return { exec: compiled(release, 'worker'), execArgv: [...workerFlags], cwd: release, origin: codeOrigin(release) };
}

/**
 * V8 flags for workers (and `npm start`, in package.json), measured on a
 * 1,000-article blog under wrk, cache off: RSS after load about 135 MB
 * instead of about 250 MB, for 5 to 10 % fewer requests per second.
 * --liftoff-only: Prisma's query compiler is WebAssembly, and V8 would also
 * compile it with TurboFan, in the background, for about 50 MB; the baseline
 * compiler alone made no measurable difference to throughput.
 * --optimize-for-size: V8's low-memory mode (a small young generation, a
 * heap that shrinks back after load); the 5 to 10 % is its price.
 * Not adopted: a smaller --max-old-space-size (a big page would crash the
 * worker instead of slowing it), --wasm-lazy-compilation (no gain here).
 */
export const workerFlags: readonly string[] = ['--liftoff-only', '--optimize-for-size'];

/** Fails early on a root that holds no Folio release. */
export function checkRoot(root: string): void {
  if (!existsSync(path.join(root, entryInRelease))) throw new Error(`--root: ${root} holds no ${entryInRelease}`);
}

export function workerArgs(spec: WorkerSpec): string[] {
  return ['--listen', formatAddress(spec.address), '--transport', spec.transport];
}
