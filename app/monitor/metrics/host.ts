/**
 * The app host's own metrics, kept where the workers are watched (the pool's
 * supervisor, or `npm start`'s one process): workers by state, crash loops,
 * each worker's resident memory, unexpected deaths, and the pages the web
 * server answered from the page cache (counted by the monitor loop as it
 * reads the cache-hit log, so they are as fresh as its last round).
 */
import { Counter, Gauge, Registry } from 'prom-client';

/** One worker as its host sees it. */
export interface WorkerFact {
  /** The slot's name ("0", "1"…): a replacement keeps its predecessor's. */
  readonly name: string;
  readonly state: 'booting' | 'ready' | 'draining' | 'dead';
  readonly rssBytes: number | null;
  readonly crashLoop: boolean;
}

export interface HostFacts {
  readonly workers: readonly WorkerFact[];
  /** Workers that died unexpectedly since the host started. */
  readonly restarts: number;
}

const states = ['booting', 'ready', 'draining', 'dead'] as const;

export class HostMetrics {
  readonly registry = new Registry();
  readonly cacheHits = new Counter({
    name: 'folio_page_cache_hits_total',
    help: 'Pages the web server answered from the page cache, without a worker (from its cache-hit log).',
    registers: [this.registry],
  });

  constructor(facts: () => HostFacts) {
    const registers = [this.registry];
    new Counter({
      name: 'folio_worker_restarts_total',
      help: 'Workers that died unexpectedly (and were respawned).',
      registers,
      collect() {
        this.reset();
        this.inc(facts().restarts);
      },
    });
    new Gauge({
      name: 'folio_workers',
      help: 'Worker processes by state ("dead": a respawn is due).',
      labelNames: ['state'] as const,
      registers,
      collect() {
        const workers = facts().workers;
        for (const state of states) this.set({ state }, workers.filter((w) => w.state === state).length);
      },
    });
    new Gauge({
      name: 'folio_worker_crash_loop',
      help: '1 while a slot is in a crash loop (its workers keep dying), else 0.',
      labelNames: ['worker'] as const,
      registers,
      collect() {
        this.reset();
        const looping = new Map<string, boolean>();
        for (const w of facts().workers) looping.set(w.name, (looping.get(w.name) ?? false) || w.crashLoop);
        for (const [worker, loop] of looping) this.set({ worker }, loop ? 1 : 0);
      },
    });
    new Gauge({
      name: 'folio_worker_resident_memory_bytes',
      help: "Each worker's resident memory (an old worker draining beside its replacement is added to it).",
      labelNames: ['worker'] as const,
      registers,
      collect() {
        this.reset();
        const rss = new Map<string, number>();
        for (const w of facts().workers)
          if (w.state !== 'dead' && w.rssBytes !== null) rss.set(w.name, (rss.get(w.name) ?? 0) + w.rssBytes);
        for (const [worker, bytes] of rss) this.set({ worker }, bytes);
      },
    });
  }
}
