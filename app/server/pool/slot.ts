/**
 * A slot of the pool, and the pool as the supervisor's helpers (respawn.ts,
 * rolling-restart.ts) drive it. The supervisor implements `Pool`; the
 * helpers import this module rather than the supervisor, so the import graph
 * stays a tree.
 */
import type { Logger } from 'pino';
import type { WorkerAddress } from '#app/server/pool/address.ts';
import type { Backoff } from '#app/server/pool/backoff.ts';
import type { Phase } from '#app/server/pool/snapshot.ts';
import type { WorkerHandle } from '#app/server/pool/worker-handle.ts';

/** A position in the pool: its address and its death history. */
export interface Place {
  readonly index: number;
  readonly name: string;
  readonly address: WorkerAddress;
  readonly backoff: Backoff;
}

/** A place and the worker serving it. */
export interface Slot extends Place {
  /** `dead` while a respawn is pending. */
  current: WorkerHandle;
  respawn?: { timer: NodeJS.Timeout; at: number } | undefined;
}

export interface Pool {
  readonly phase: Phase;
  readonly slots: readonly Slot[];
  readonly logger: Logger;
  /** Spawns a worker for the place, wired to the pool, killed if not ready in time. */
  spawn(place: Place): WorkerHandle;
  /** Asks a worker to drain and exit; kills it if it outlives the drain timeout. Resolves on its exit. */
  drain(handle: WorkerHandle): Promise<void>;
  cancelRespawn(slot: Slot): void;
  /** Tells the world (the state file) the pool's state changed. */
  publish(): void;
}
