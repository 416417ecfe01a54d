/**
 * One handle per worker process (after Puma's worker_handle): pid,
 * address, lifecycle state, when it started and got ready, its last
 * reported stats, and its slot's backoff, which a replacement inherits.
 *
 *   booting → ready → draining → dead
 *   booting/ready → dead            (an unexpected death)
 */
import { formatAddress, type WorkerAddress } from '#app/server/pool/address.ts';
import type { Backoff } from '#app/server/pool/backoff.ts';
import type { WorkerStats } from '#app/server/pool/messages.ts';
import type { WorkerProcess } from '#app/server/pool/spawner.ts';

export type WorkerState = 'booting' | 'ready' | 'draining' | 'dead';

export interface WorkerExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly at: number;
}

/** A worker as the state file records it (times in ms since the epoch). */
export interface WorkerRow {
  readonly name: string;
  readonly slot: number;
  readonly pid: number | null;
  readonly address: string;
  readonly state: WorkerState;
  readonly startedAt: number;
  readonly readyAt: number | null;
  readonly requestsServed: number | null;
  readonly activeRequests: number | null;
  readonly rssBytes: number | null;
  readonly clientErrors: number | null;
  readonly serverErrors: number | null;
  /** Requests per latency bucket since the worker started (app/monitor/sample.ts). */
  readonly latency: readonly number[] | null;
  readonly statsAt: number | null;
  readonly crashLoop: boolean;
  readonly recentDeaths: number;
  /** When a dead worker's replacement is due. */
  readonly respawnAt: number | null;
  readonly lastExit: string | null;
  /** The release directory it was forked from (realpath); null if unknown. */
  readonly release: string | null;
  /** That release's REVISION; null for a checkout without one. */
  readonly revision: string | null;
}

export class WorkerHandle {
  readonly slot: number;
  readonly name: string;
  readonly address: WorkerAddress;
  readonly process: WorkerProcess;
  readonly pid: number | undefined;
  readonly startedAt: number;
  readonly backoff: Backoff;
  /** Settles when the worker is ready; rejects if it dies or gives up first. */
  readonly ready: Promise<void>;
  readonly exited: Promise<WorkerExit>;
  #state: WorkerState = 'booting';
  #readyAt: number | undefined;
  #stats: (WorkerStats & { at: number }) | undefined;
  #failure: string | undefined;
  #exit: WorkerExit | undefined;
  #settleReady!: (error?: Error) => void;
  #settleExit!: (exit: WorkerExit) => void;

  constructor(init: {
    slot: number;
    name: string;
    address: WorkerAddress;
    process: WorkerProcess;
    startedAt: number;
    backoff: Backoff;
  }) {
    this.slot = init.slot;
    this.name = init.name;
    this.address = init.address;
    this.process = init.process;
    this.pid = init.process.pid;
    this.startedAt = init.startedAt;
    this.backoff = init.backoff;
    this.ready = new Promise<void>((resolve, reject) => {
      this.#settleReady = (error) => (error ? reject(error) : resolve());
    });
    this.ready.catch(() => {}); // awaited by whoever cares; never an unhandled rejection
    this.exited = new Promise((resolve) => (this.#settleExit = resolve));
  }

  get state(): WorkerState {
    return this.#state;
  }

  get readyAt(): number | undefined {
    return this.#readyAt;
  }

  get exit(): WorkerExit | undefined {
    return this.#exit;
  }

  /** "worker 1 (pid 4242)", for log lines. */
  get label(): string {
    return `worker ${this.name} (pid ${this.pid ?? '?'})`;
  }

  /** How long it has been ready, as of `now`; 0 if it never was. */
  healthyFor(now: number): number {
    return this.#readyAt === undefined ? 0 : Math.max(0, (this.#exit?.at ?? now) - this.#readyAt);
  }

  markReady(now: number): boolean {
    if (this.#state !== 'booting') return false;
    this.#state = 'ready';
    this.#readyAt = now;
    this.#settleReady();
    return true;
  }

  markDraining(): void {
    if (this.#state === 'booting' || this.#state === 'ready') this.#state = 'draining';
    this.#settleReady(new Error(`${this.label} was stopped before it got ready`));
  }

  /** The reason the worker gave before exiting (boot or listen failure). */
  noteFailure(message: string): void {
    this.#failure = message;
  }

  noteStats(stats: WorkerStats, now: number): void {
    this.#stats = { ...stats, at: now };
  }

  /** Records the exit; returns the state it was in, which tells an expected exit from a death. */
  markDead(exit: WorkerExit): WorkerState {
    const before = this.#state;
    this.#state = 'dead';
    this.#exit = exit;
    this.#settleReady(
      new Error(`${this.label} ${this.#how()} before it got ready${this.#failure ? `: ${this.#failure}` : ''}`),
    );
    this.#settleExit(exit);
    return before;
  }

  /** "exited with code 1: listen EADDRINUSE…", "killed by SIGKILL". */
  describeExit(): string {
    return this.#failure ? `${this.#how()}: ${this.#failure}` : this.#how();
  }

  row(now: number, respawnAt: number | undefined): WorkerRow {
    return {
      name: this.name,
      slot: this.slot,
      pid: this.pid ?? null,
      address: formatAddress(this.address),
      state: this.#state,
      startedAt: this.startedAt,
      readyAt: this.#readyAt ?? null,
      requestsServed: this.#stats?.requestsServed ?? null,
      activeRequests: this.#stats?.activeRequests ?? null,
      rssBytes: this.#stats?.rssBytes ?? null,
      clientErrors: this.#stats?.clientErrors ?? null,
      serverErrors: this.#stats?.serverErrors ?? null,
      latency: this.#stats?.latency ?? null,
      statsAt: this.#stats?.at ?? null,
      crashLoop: this.backoff.crashLoop,
      recentDeaths: this.backoff.recentDeaths(now),
      respawnAt: respawnAt ?? null,
      lastExit: this.#exit ? this.describeExit() : null,
      release: this.process.origin.release,
      revision: this.process.origin.revision,
    };
  }

  #how(): string {
    if (!this.#exit) return 'is running';
    return this.#exit.signal ? `was killed by ${this.#exit.signal}` : `exited with code ${this.#exit.code}`;
  }
}
