/** The pool as the state file (`workers.json`) records it, for `status` and `restart` in another shell. */
import type { PoolPlan } from '#app/server/pool/plan.ts';
import type { Transport } from '#app/server/pool/spawner.ts';
import type { WorkerHandle, WorkerRow } from '#app/server/pool/worker-handle.ts';

/** What the state file shows about the last restart. */
export interface RestartRecord {
  readonly startedAt: number;
  finishedAt: number | null;
  /** null while running. */
  ok: boolean | null;
  error: string | null;
  readonly replaced: Array<{ worker: string; oldPid: number | null; newPid: number | null }>;
}

export type Phase = 'idle' | 'starting' | 'running' | 'stopping' | 'stopped';

export interface PoolSnapshot {
  readonly phase: Phase;
  readonly transport: Transport;
  readonly startedAt: number;
  readonly updatedAt: number;
  readonly drainTimeoutMs: number;
  readonly bootTimeoutMs: number;
  /** One row per worker process, by slot, oldest first: a draining worker shows beside its replacement. */
  readonly workers: WorkerRow[];
  readonly lastRestart: RestartRecord | null;
}

interface PoolView {
  readonly phase: Phase;
  readonly plan: PoolPlan;
  readonly startedAt: number;
  /** Each slot's current worker (dead while its respawn is due at `respawnAt`). */
  readonly slots: ReadonlyArray<{
    readonly current: WorkerHandle;
    readonly respawn?: { readonly at: number } | undefined;
  }>;
  /** Every process not yet exited: replacements booting, old workers draining. */
  readonly live: Iterable<WorkerHandle>;
  readonly lastRestart: RestartRecord | undefined;
}

export function takeSnapshot(pool: PoolView, now: number): PoolSnapshot {
  const handles = new Set([...pool.slots.map((slot) => slot.current), ...pool.live]);
  const workers = [...handles]
    .sort((a, b) => a.slot - b.slot || a.startedAt - b.startedAt)
    .map((handle) => {
      const slot = pool.slots[handle.slot];
      return handle.row(now, slot?.current === handle ? slot.respawn?.at : undefined);
    });
  return {
    phase: pool.phase,
    transport: pool.plan.transport,
    startedAt: pool.startedAt,
    updatedAt: now,
    drainTimeoutMs: pool.plan.drainTimeoutMs,
    bootTimeoutMs: pool.plan.bootTimeoutMs,
    workers,
    lastRestart: pool.lastRestart ?? null,
  };
}
