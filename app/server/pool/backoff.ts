/**
 * When to respawn a worker that died: exponential backoff per slot, reset
 * after a healthy run, and crash-loop detection.
 *
 * Crash-loop policy: after `crashLoopDeaths` deaths within
 * `crashLoopWindowMs` the slot is flagged (loudly, in the log and the state
 * file) and retried only every `crashLoopRetryMs`. The slot is never given
 * up: what kills a worker at boot (a locked database, a full disk, a
 * missing file) is often fixed from outside, and the pool then heals
 * without anyone restarting the supervisor. A worker that then stays up for
 * `healthyAfterMs` clears the flag.
 */

export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
  /** A worker that ran this long since ready was healthy: its death restarts the doubling. */
  readonly healthyAfterMs: number;
  readonly crashLoopDeaths: number;
  readonly crashLoopWindowMs: number;
  readonly crashLoopRetryMs: number;
}

export const defaultBackoff: BackoffPolicy = Object.freeze({
  initialMs: 100,
  maxMs: 10_000,
  healthyAfterMs: 60_000,
  crashLoopDeaths: 5,
  crashLoopWindowMs: 60_000,
  crashLoopRetryMs: 60_000,
});

export interface DeathVerdict {
  /** Wait this long before spawning the replacement. */
  readonly delayMs: number;
  readonly crashLoop: boolean;
  /** True only for the death that turned this slot into a crash loop. */
  readonly enteredCrashLoop: boolean;
}

/** A slot's death history. Pure: the caller passes the clock. */
export class Backoff {
  readonly policy: BackoffPolicy;
  #nextMs: number;
  #deaths: number[] = [];
  #crashLoop = false;

  constructor(policy: BackoffPolicy = defaultBackoff) {
    this.policy = policy;
    this.#nextMs = policy.initialMs;
  }

  get crashLoop(): boolean {
    return this.#crashLoop;
  }

  /** Deaths counted toward the crash-loop window as of `now`. */
  recentDeaths(now: number): number {
    return this.#deaths.filter((at) => now - at < this.policy.crashLoopWindowMs).length;
  }

  /** Records a death at `now` of a worker that had been ready for `healthyForMs` (0 if it never got ready). */
  recordDeath(now: number, healthyForMs: number): DeathVerdict {
    if (healthyForMs >= this.policy.healthyAfterMs) this.reset();
    this.#deaths = [...this.#deaths.filter((at) => now - at < this.policy.crashLoopWindowMs), now];
    const wasLooping = this.#crashLoop;
    if (this.#deaths.length >= this.policy.crashLoopDeaths) this.#crashLoop = true;
    if (this.#crashLoop)
      return { delayMs: this.policy.crashLoopRetryMs, crashLoop: true, enteredCrashLoop: !wasLooping };
    const delayMs = this.#nextMs;
    this.#nextMs = Math.min(this.#nextMs * 2, this.policy.maxMs);
    return { delayMs, crashLoop: false, enteredCrashLoop: false };
  }

  /** Whether a worker ready for `healthyForMs` has earned a reset; resets if so and there was history. */
  settleIfHealthy(healthyForMs: number): boolean {
    if (
      healthyForMs < this.policy.healthyAfterMs ||
      (this.#deaths.length === 0 && this.#nextMs === this.policy.initialMs)
    )
      return false;
    this.reset();
    return true;
  }

  reset(): void {
    this.#nextMs = this.policy.initialMs;
    this.#deaths = [];
    this.#crashLoop = false;
  }
}
