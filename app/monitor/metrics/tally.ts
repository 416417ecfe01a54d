/**
 * What one process counts for the monitor loop, beside Prometheus: since it
 * started, requests, client and server errors and latency buckets (the
 * supervisor takes deltas of these by pid); and since the last sample, article
 * reads by path and referring sites by host, handed over and forgotten
 * (drain), so neither grows without bound.
 */
import { LATENCY_BOUNDS_MS, latencyBucket } from '#app/monitor/sample.ts';

/** Counters since the process started. */
export interface CumulativeTally {
  readonly requests: number;
  readonly clientErrors: number;
  readonly serverErrors: number;
  /** LATENCY_BOUNDS_MS.length + 1 counts. */
  readonly latency: readonly number[];
  /** Cacheable pages this process had to render. */
  readonly cacheMisses: number;
  /** Pages this process's own HTTP server answered from the page cache (app/page-cache/fast-path.ts). */
  readonly cacheHits: number;
}

/** The counters, and what was read and where readers came from since the last drain. */
export interface DrainedTally extends CumulativeTally {
  readonly reads: Readonly<Record<string, number>>;
  readonly referrers: Readonly<Record<string, number>>;
}

/** A sample's keys at most: a crawler walking the archive must not grow a sample without bound. */
const maxKeys = 1000;

export class RequestTally {
  #requests = 0;
  #clientErrors = 0;
  #serverErrors = 0;
  #cacheMisses = 0;
  #cacheHits = 0;
  readonly #latency: number[] = new Array<number>(LATENCY_BOUNDS_MS.length + 1).fill(0);
  #reads = new Map<string, number>();
  #referrers = new Map<string, number>();

  /** One answered request: its status and how long it took. */
  note(status: number, ms: number): void {
    this.#requests += 1;
    if (status >= 500) this.#serverErrors += 1;
    else if (status >= 400) this.#clientErrors += 1;
    const bucket = latencyBucket(ms);
    this.#latency[bucket] = (this.#latency[bucket] ?? 0) + 1;
  }

  noteRead(path: string): void {
    bump(this.#reads, path);
  }

  noteReferrer(host: string): void {
    bump(this.#referrers, host);
  }

  noteCacheMiss(): void {
    this.#cacheMisses += 1;
  }

  noteCacheHit(): void {
    this.#cacheHits += 1;
  }

  cumulative(): CumulativeTally {
    return {
      requests: this.#requests,
      clientErrors: this.#clientErrors,
      serverErrors: this.#serverErrors,
      latency: [...this.#latency],
      cacheMisses: this.#cacheMisses,
      cacheHits: this.#cacheHits,
    };
  }

  /** The counters, with the reads and referrers since the last drain (which start again from nothing). */
  drain(): DrainedTally {
    const drained = {
      ...this.cumulative(),
      reads: Object.fromEntries(this.#reads),
      referrers: Object.fromEntries(this.#referrers),
    };
    this.#reads = new Map();
    this.#referrers = new Map();
    return drained;
  }
}

function bump(counts: Map<string, number>, key: string): void {
  const count = counts.get(key);
  if (count !== undefined) counts.set(key, count + 1);
  else if (counts.size < maxKeys) counts.set(key, 1);
}
