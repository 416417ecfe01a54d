/**
 * One process's Prometheus metrics (prom-client), in a registry of its own:
 * requests by route pattern, method and status class, their latency, the
 * time spent rendering templates and in the database, unhandled errors, and
 * the page-cache misses; with the monitor loop's tally beside them. A pool
 * worker's registry is read by the supervisor, which sums the workers'
 * (app/monitor/metrics/pool.ts).
 */
import { Counter, Histogram, Registry } from 'prom-client';
import { LATENCY_BOUNDS_MS } from '#app/monitor/sample.ts';
import { RequestTally } from '#app/monitor/metrics/tally.ts';

/** The latency bounds in seconds: one set of buckets for Prometheus, the workers' reports and the stored series. */
export const latencyBuckets: readonly number[] = LATENCY_BOUNDS_MS.map((ms) => ms / 1000);

/** Template and query times are shorter than a request's: finer buckets at the low end. */
const partBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export class ProcessMetrics {
  readonly registry = new Registry();
  readonly tally = new RequestTally();
  readonly requests = new Counter({
    name: 'folio_http_requests_total',
    help: 'Requests the app answered, by route pattern, method and status class.',
    labelNames: ['route', 'method', 'status_class'] as const,
    registers: [this.registry],
  });
  readonly requestSeconds = new Histogram({
    name: 'folio_http_request_duration_seconds',
    help: 'Time from the request reaching the app to the response being sent.',
    labelNames: ['route', 'method'] as const,
    buckets: [...latencyBuckets],
    registers: [this.registry],
  });
  readonly renderSeconds = new Histogram({
    name: 'folio_render_duration_seconds',
    help: 'Time spent rendering templates (theme pages and admin views).',
    buckets: partBuckets,
    registers: [this.registry],
  });
  readonly databaseSeconds = new Histogram({
    name: 'folio_database_duration_seconds',
    help: 'Time spent in database queries, each query on its own.',
    buckets: partBuckets,
    registers: [this.registry],
  });
  readonly errors = new Counter({
    name: 'folio_http_errors_total',
    help: 'Unhandled errors that reached the error page (answered 5xx).',
    registers: [this.registry],
  });
  readonly cacheMisses = new Counter({
    name: 'folio_page_cache_misses_total',
    help: 'Cacheable pages the app had to render (and then wrote to the page cache).',
    registers: [this.registry],
  });

  /** For the database's hook: one query's time. */
  readonly observeQuery = (ms: number): void => this.databaseSeconds.observe(ms / 1000);

  readonly noteCacheMiss = (): void => {
    this.cacheMisses.inc();
    this.tally.noteCacheMiss();
  };

  readonly noteCacheHit = (): void => this.tally.noteCacheHit();

  #expose: () => Promise<string> = () => this.registry.metrics();

  /** What GET /metrics answers: this registry, unless the process serves for a pool or a host (exposeWith). */
  expose(): Promise<string> {
    return this.#expose();
  }

  exposeWith(expose: () => Promise<string>): void {
    this.#expose = expose;
  }

  /** A template render's time, around `render`. */
  timeRender<T>(render: () => T): T {
    const started = performance.now();
    try {
      return render();
    } finally {
      this.renderSeconds.observe((performance.now() - started) / 1000);
    }
  }
}

let current: ProcessMetrics | undefined;

/** This process's metrics, created on first use. */
export function processMetrics(): ProcessMetrics {
  return (current ??= new ProcessMetrics());
}
