/**
 * A slot whose worker died: log why, ask the slot's backoff how long to
 * wait (see backoff.ts for the crash-loop policy), then spawn a
 * replacement unless the pool has moved on (stopping, or a rolling restart
 * already put a new worker in the slot).
 */
import type { Pool, Slot } from '#app/server/pool/slot.ts';
import type { WorkerHandle } from '#app/server/pool/worker-handle.ts';

export function respawnLater(pool: Pool, slot: Slot, dead: WorkerHandle, now: number): void {
  const verdict = slot.backoff.recordDeath(now, dead.healthyFor(now));
  pool.logger.error(
    { workerPid: dead.pid, code: dead.exit?.code, signal: dead.exit?.signal },
    `${dead.label} died: it ${dead.describeExit()}; respawning in ${verdict.delayMs / 1000} s`,
  );
  if (verdict.enteredCrashLoop) {
    const { crashLoopDeaths, crashLoopWindowMs, crashLoopRetryMs } = slot.backoff.policy;
    pool.logger.fatal(
      `CRASH LOOP: worker ${slot.name} died ${crashLoopDeaths} times within ${crashLoopWindowMs / 1000} s; retrying every ${crashLoopRetryMs / 1000} s until one stays up`,
    );
  }
  pool.cancelRespawn(slot);
  const timer = setTimeout(() => {
    slot.respawn = undefined;
    if (pool.phase !== 'running' || slot.current !== dead) return;
    slot.current = pool.spawn(slot);
    pool.publish();
  }, verdict.delayMs);
  slot.respawn = { timer, at: now + verdict.delayMs };
}

/** A slot's worker that has stayed up long enough clears the slot's death history (and its crash-loop flag). */
export function settleIfHealthy(pool: Pool, slot: Slot, now: number): void {
  const worker = slot.current;
  if (worker.state !== 'ready') return;
  const wasLooping = slot.backoff.crashLoop;
  if (!slot.backoff.settleIfHealthy(worker.healthyFor(now))) return;
  const message = `${worker.label} has been up for ${slot.backoff.policy.healthyAfterMs / 1000} s: its slot's backoff is reset`;
  if (wasLooping) pool.logger.warn(`${message}; the crash loop is over`);
  else pool.logger.info(message);
}
