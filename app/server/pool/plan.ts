/** What the pool is asked to be (the `start` options) and the plan the supervisor runs. */
import { defaultBackoff, type BackoffPolicy } from '#app/server/pool/backoff.ts';
import { defaultListen, slotAddresses, type ListenBase, type WorkerAddress } from '#app/server/pool/address.ts';
import type { Transport } from '#app/server/pool/spawner.ts';

export interface StartOptions {
  readonly count: number;
  readonly listen: ListenBase;
  readonly transport: Transport;
  readonly drainTimeoutMs: number;
  /** Fork workers from the release this path (a symlink) points to at each spawn; default: the supervisor's own code. */
  readonly root?: string | undefined;
}

export interface PoolPlan {
  readonly addresses: readonly WorkerAddress[];
  readonly transport: Transport;
  /** A draining worker gets this long for its in-flight requests. */
  readonly drainTimeoutMs: number;
  /** A worker not ready after this long is killed (and counts as a death). */
  readonly bootTimeoutMs: number;
  readonly statsIntervalMs: number;
  readonly backoff: BackoffPolicy;
}

export const defaultStartOptions: StartOptions = Object.freeze({
  count: 2,
  listen: defaultListen,
  transport: 'fastcgi',
  drainTimeoutMs: 30_000,
});

export function planPool(options: StartOptions): PoolPlan {
  return {
    addresses: slotAddresses(options.listen, options.count),
    transport: options.transport,
    drainTimeoutMs: options.drainTimeoutMs,
    bootTimeoutMs: 60_000,
    statsIntervalMs: 2_000,
    backoff: defaultBackoff,
  };
}
