import { describe, it, expect } from 'vitest';
import { ProcessMetrics } from '#app/monitor/metrics/registry.ts';
import { HostMetrics } from '#app/monitor/metrics/host.ts';
import { poolExposition } from '#app/monitor/metrics/pool.ts';
import { sampleValue } from '#test/support/metrics-text.ts';

describe("the pool's /metrics", () => {
  it("sums the workers' series and adds the host's own", async () => {
    const workers = [new ProcessMetrics(), new ProcessMetrics()];
    const labels = { route: '/', method: 'GET', status_class: '2xx' };
    workers[0]!.requests.inc(labels, 3);
    workers[1]!.requests.inc(labels, 4);
    workers[1]!.requests.inc({ ...labels, route: '/admin/articles/:id', status_class: '5xx' });
    workers[0]!.requestSeconds.observe({ route: '/', method: 'GET' }, 0.004);
    workers[1]!.requestSeconds.observe({ route: '/', method: 'GET' }, 0.2);
    workers[1]!.noteCacheMiss();
    const host = new HostMetrics(() => ({
      restarts: 2,
      workers: [
        { name: '0', state: 'ready', rssBytes: 100, crashLoop: false },
        { name: '1', state: 'draining', rssBytes: 50, crashLoop: false },
        { name: '1', state: 'ready', rssBytes: 70, crashLoop: true },
      ],
    }));
    host.cacheHits.inc(9);
    const text = await poolExposition(
      await Promise.all(workers.map((w) => w.registry.getMetricsAsJSON())),
      host.registry,
    );
    expect(sampleValue(text, 'folio_http_requests_total', labels)).toBe(7);
    expect(sampleValue(text, 'folio_http_requests_total', { route: '/admin/articles/:id' })).toBe(1);
    expect(sampleValue(text, 'folio_http_request_duration_seconds_bucket', { route: '/', le: '0.005' })).toBe(1);
    expect(sampleValue(text, 'folio_http_request_duration_seconds_bucket', { route: '/', le: '0.25' })).toBe(2);
    expect(sampleValue(text, 'folio_http_request_duration_seconds_count', { route: '/' })).toBe(2);
    expect(sampleValue(text, 'folio_page_cache_misses_total')).toBe(1);
    expect(sampleValue(text, 'folio_page_cache_hits_total')).toBe(9);
    expect(sampleValue(text, 'folio_worker_restarts_total')).toBe(2);
    expect(sampleValue(text, 'folio_workers', { state: 'ready' })).toBe(2);
    expect(sampleValue(text, 'folio_workers', { state: 'draining' })).toBe(1);
    expect(sampleValue(text, 'folio_worker_crash_loop', { worker: '0' })).toBe(0);
    expect(sampleValue(text, 'folio_worker_crash_loop', { worker: '1' })).toBe(1);
    expect(sampleValue(text, 'folio_worker_resident_memory_bytes', { worker: '1' })).toBe(120);
  });

  it('is the host alone when no worker answered', async () => {
    const host = new HostMetrics(() => ({ restarts: 0, workers: [] }));
    const text = await poolExposition([], host.registry);
    expect(sampleValue(text, 'folio_workers', { state: 'ready' })).toBe(0);
    expect(text).not.toContain('folio_http_requests_total');
  });
});
