/**
 * From the workers' counters (cumulative since each started) to what the
 * host did in one interval: the difference with each pid's previous
 * reading. A pid seen for the first time counts from zero (a worker that
 * was just respawned); a pid no longer alive is forgotten; a worker that did
 * not answer this time keeps its previous reading, so its requests are
 * counted at its next answer, once. Reads and referrers come drained already.
 */
import { addCounts, addLatency, LATENCY_BOUNDS_MS } from '#app/monitor/sample.ts';
import type { CumulativeTally, DrainedTally } from '#app/monitor/metrics/tally.ts';

export interface WorkerReading {
  readonly pid: number;
  readonly tally: DrainedTally;
}

export type IntervalCounts = DrainedTally;

const zero: CumulativeTally = Object.freeze({
  requests: 0,
  clientErrors: 0,
  serverErrors: 0,
  latency: Object.freeze(new Array<number>(LATENCY_BOUNDS_MS.length + 1).fill(0)),
  cacheMisses: 0,
  cacheHits: 0,
});

export class WorkerDeltas {
  #previous = new Map<number, CumulativeTally>();

  /** The interval's counts from this round's readings; `livePids`: the workers still alive. */
  take(readings: readonly WorkerReading[], livePids: readonly number[]): IntervalCounts {
    let sum: DrainedTally = { ...zero, reads: {}, referrers: {} };
    for (const { pid, tally } of readings) {
      const before = this.#previous.get(pid);
      // A counter that went down is a new process under a reused pid: it counts from zero.
      const base = before && !wentDown(before, tally) ? before : zero;
      sum = {
        requests: sum.requests + tally.requests - base.requests,
        clientErrors: sum.clientErrors + tally.clientErrors - base.clientErrors,
        serverErrors: sum.serverErrors + tally.serverErrors - base.serverErrors,
        latency: addLatency(
          sum.latency,
          tally.latency.map((count, i) => count - (base.latency[i] ?? 0)),
        ),
        cacheMisses: sum.cacheMisses + tally.cacheMisses - base.cacheMisses,
        cacheHits: sum.cacheHits + (tally.cacheHits ?? 0) - (base.cacheHits ?? 0),
        reads: addCounts(sum.reads, tally.reads),
        referrers: addCounts(sum.referrers, tally.referrers),
      };
      const { reads: _reads, referrers: _referrers, ...cumulative } = tally;
      this.#previous.set(pid, cumulative);
    }
    const live = new Set(livePids);
    for (const pid of this.#previous.keys()) if (!live.has(pid)) this.#previous.delete(pid);
    return sum;
  }
}

function wentDown(before: CumulativeTally, now: CumulativeTally): boolean {
  return (
    now.requests < before.requests ||
    now.clientErrors < before.clientErrors ||
    now.serverErrors < before.serverErrors ||
    now.cacheMisses < before.cacheMisses ||
    now.latency.some((count, i) => count < (before.latency[i] ?? 0))
  );
}
