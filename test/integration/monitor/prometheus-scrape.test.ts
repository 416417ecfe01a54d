import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { PoolHarness, freePorts, get } from '#test/integration/pool/pool-harness.ts';
import { PrometheusServer } from '#test/support/prometheus.ts';
import { waitFor } from '#test/support/wait-for.ts';

const token = 'prometheus-scrape-test-token-0123456789';

// A real pool of two HTTP workers, scraped by Debian's real Prometheus through one worker's /metrics:
// the series it stores are the whole pool's, both workers' requests summed.
describe('Prometheus scraping a pool', () => {
  let pool: PoolHarness;
  let port: number;
  let prometheus: PrometheusServer | undefined;

  beforeAll(async () => {
    pool = new PoolHarness();
    Object.assign(pool.env, { FOLIO_METRICS_TOKEN: token });
    port = await freePorts(2);
    const started = await pool.run(['start', '--daemon', '--http', '--count', '2', '--listen', `127.0.0.1:${port}`]);
    expect(started.code, started.stderr + pool.log()).toBe(0);
  });
  afterAll(async () => {
    await prometheus?.stop();
    await pool?.cleanup();
  });

  it("stores folio_http_requests_total summed over both workers' requests", async () => {
    // Search pages carry a query, so the page cache never answers them: each one reaches a worker.
    for (let i = 0; i < 3; i += 1) expect((await get(port, `/search?q=first${i}`)).status).toBe(200);
    for (let i = 0; i < 5; i += 1) expect((await get(port + 1, `/search?q=second${i}`)).status).toBe(200);
    // One target scraped from loopback, the other with the token (as a Prometheus elsewhere would).
    prometheus = await PrometheusServer.start([
      { address: `127.0.0.1:${port}` },
      { address: `127.0.0.1:${port + 1}`, bearerToken: token },
    ]);
    const p = prometheus;
    let seen: unknown;
    const perJob = await waitFor(
      async () => {
        const result = await p.query('sum by (job) (folio_http_requests_total{route="/search",status_class="2xx"})');
        seen = { result, targets: await p.targets() };
        return result.length === 2 && result.every((s) => s.value[1] === '8') && result;
      },
      {
        timeout: 60_000,
        interval: 250,
        message: () => `both jobs to store 8 search requests; last seen: ${JSON.stringify(seen)}\n${pool.log()}`,
      },
    );
    expect(perJob.map((s) => s.metric.job).sort()).toEqual(['folio-0', 'folio-1']);
    const [ready] = await p.query('folio_workers{job="folio-0",state="ready"}');
    expect(ready?.value[1]).toBe('2');
    const memory = await p.query('folio_worker_resident_memory_bytes{job="folio-0"}');
    expect(memory.map((s) => s.metric.worker).sort()).toEqual(['0', '1']);
    expect(memory.every((s) => Number(s.value[1]) > 10_000_000)).toBe(true);
    const latency = await p.query('sum(folio_http_request_duration_seconds_count{job="folio-0",route="/search"})');
    expect(latency[0]?.value[1]).toBe('8');
    expect((await p.targets()).every((t) => t.health === 'up')).toBe(true);
  });
});
