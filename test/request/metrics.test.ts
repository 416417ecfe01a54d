import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { createArticle } from '#test/fixtures/factories.ts';
import { ada } from '#test/fixtures/cast.ts';
import { signedInAgent } from '#test/support/admin.ts';
import { processMetrics } from '#app/monitor/metrics/registry.ts';
import { cacheFirst } from '#app/server/http.ts';
import { createFastcgiServer, type FastcgiServer } from '#app/server/fastcgi/index.ts';
import { FastcgiClient, apacheParams, listenOnLoopback } from '#test/support/fastcgi-client.ts';
import { labelValues, sampleValue } from '#test/support/metrics-text.ts';
import { waitFor } from '#test/support/wait-for.ts';

const token = 'a-metrics-token-of-at-least-32-characters';
// supertest connects from loopback, the test app's trusted proxy: X-Forwarded-For plays another reader.
const elsewhere = { 'X-Forwarded-For': '203.0.113.9' };

describe('GET /metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { FOLIO_METRICS_TOKEN: token } });
    await createArticle({ author: await ada(), title: 'Counted post', publishedAt: new Date('2024-03-02T10:00:00Z') });
  });
  afterAll(() => t.close());

  const scrape = async () => (await request(t.app).get('/metrics').expect(200)).text;

  it('answers a loopback reader in the Prometheus text format, never cached', async () => {
    const res = await request(t.app).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.text).toContain('# TYPE folio_http_requests_total counter');
    expect(res.text).toContain('# TYPE folio_http_request_duration_seconds histogram');
  });

  it('is an ordinary 404 for another reader, unless it brings the token', async () => {
    const refused = await request(t.app).get('/metrics').set(elsewhere).expect(404);
    expect(refused.text).not.toContain('folio_');
    await request(t.app).get('/metrics').set(elsewhere).set('Authorization', 'Bearer not-the-token').expect(404);
    const opened = await request(t.app).get('/metrics').set(elsewhere).set('Authorization', `Bearer ${token}`);
    expect(opened.status).toBe(200);
    expect(opened.text).toContain('folio_http_requests_total');
  });

  it('counts requests by route pattern, never by raw path', async () => {
    await request(t.app)
      .get('/2024/03/02/counted-post')
      .set('Referer', 'https://news.example.com/item?id=7')
      .expect(200);
    await request(t.app).get('/2024/03/02/counted-post').set('Referer', 'http://blog.test/').expect(200);
    await request(t.app).get('/favicon.ico').expect(200);
    await request(t.app).get('/no/such/page/at/all').expect(404);
    const text = await waitFor(async () => {
      const body = await scrape();
      return sampleValue(body, 'folio_http_requests_total', { route: 'unmatched', status_class: '4xx' }) && body;
    });
    const permalink = { route: '/:year/:month/:day/:slug', method: 'GET', status_class: '2xx' };
    expect(sampleValue(text, 'folio_http_requests_total', permalink)).toBe(2);
    expect(sampleValue(text, 'folio_http_requests_total', { route: 'static', status_class: '2xx' })).toBe(1);
    expect(sampleValue(text, 'folio_http_requests_total', { route: '/metrics' })).toBeGreaterThanOrEqual(1);
    for (const route of labelValues(text, 'folio_http_requests_total', 'route'))
      expect(route === 'static' || route === 'unmatched' || route.startsWith('/')).toBe(true);
    expect(labelValues(text, 'folio_http_requests_total', 'route')).not.toContain('/2024/03/02/counted-post');
    expect(
      sampleValue(text, 'folio_http_request_duration_seconds_count', { route: permalink.route, method: 'GET' }),
    ).toBe(2);
    expect(sampleValue(text, 'folio_http_request_duration_seconds_bucket', { route: permalink.route, le: '10' })).toBe(
      2,
    );
    expect(sampleValue(text, 'folio_render_duration_seconds_count')).toBeGreaterThanOrEqual(2);
    // The tally the monitor loop takes: the read by path, the other site by host name only.
    const tally = processMetrics().tally.drain();
    expect(tally.reads).toEqual({ '/2024/03/02/counted-post': 2 });
    expect(tally.referrers).toEqual({ 'news.example.com': 1 });
    expect(processMetrics().tally.drain().reads).toEqual({});
  });

  it('counts the pages its own HTTP server answers from the page cache as hits, with their reads and referrers', async () => {
    const server = cacheFirst(t.app);
    const tally = processMetrics().tally;
    tally.drain();
    const before = tally.cumulative();
    // Once the page is in the cache (the earlier test's requests cached it), the fast path answers.
    await waitFor(async () => {
      await request(server).get('/2024/03/02/counted-post').set('Referer', 'https://lobste.rs/t/web').expect(200);
      return tally.cumulative().cacheHits > before.cacheHits;
    });
    const after = tally.cumulative();
    // A hit is not a request the app answered.
    const appAnswered = after.requests - before.requests;
    const hits = after.cacheHits - before.cacheHits;
    await request(server).get('/2024/03/02/counted-post').set('If-None-Match', '"x"').expect(200);
    expect(tally.cumulative().cacheHits).toBe(before.cacheHits + hits + 1);
    expect(tally.cumulative().requests - before.requests).toBe(appAnswered);
    const drained = tally.drain();
    expect(drained.reads['/2024/03/02/counted-post']).toBe(appAnswered + hits + 1);
    expect(drained.referrers['lobste.rs']).toBe(appAnswered + hits);
  });

  it('labels an admin route with its mount, even when it fails', async () => {
    const admin = await signedInAgent(t.app, 'ada');
    await admin.get('/admin/articles/999999', 404);
    const text = await waitFor(async () => {
      const body = await scrape();
      return sampleValue(body, 'folio_http_requests_total', { route: '/admin/articles/:id' }) && body;
    });
    expect(sampleValue(text, 'folio_http_requests_total', { route: '/admin/articles/:id', status_class: '4xx' })).toBe(
      1,
    );
    expect(labelValues(text, 'folio_http_requests_total', 'route')).not.toContain('/articles/:id');
  });
});

describe('GET /metrics with other access settings', () => {
  it('is refused to loopback with FOLIO_METRICS_ALLOW=none, and to a proxied request from an unknown proxy', async () => {
    const t = await startTestApp({ env: { FOLIO_METRICS_ALLOW: 'none' } });
    try {
      await request(t.app).get('/metrics').expect(404);
    } finally {
      await t.close();
    }
    const direct = await startTestApp({ env: { FOLIO_TRUSTED_PROXY: 'none' } });
    try {
      await request(direct.app).get('/metrics').expect(200);
      // A proxy on loopback we were not told of: the reader is someone else, somewhere.
      await request(direct.app).get('/metrics').set(elsewhere).expect(404);
    } finally {
      await direct.close();
    }
  });

  it('allows the configured network', async () => {
    const t = await startTestApp({ env: { FOLIO_METRICS_ALLOW: '203.0.113.0/24' } });
    try {
      await request(t.app).get('/metrics').set(elsewhere).expect(200);
      await request(t.app).get('/metrics').expect(404);
    } finally {
      await t.close();
    }
  });

  it('does not exist with FOLIO_METRICS=off, and nothing is counted', async () => {
    const t = await startTestApp({ env: { FOLIO_METRICS: 'off' } });
    try {
      const before = await processMetrics().registry.getSingleMetricAsString('folio_http_requests_total');
      await request(t.app).get('/metrics').expect(404);
      await request(t.app).get('/').expect(200);
      expect(await processMetrics().registry.getSingleMetricAsString('folio_http_requests_total')).toBe(before);
    } finally {
      await t.close();
    }
  });
});

// Behind Apache the reader is the request's REMOTE_ADDR, not the web server that connects from 127.0.0.1.
describe('GET /metrics over FastCGI', () => {
  let t: TestApp;
  let server: FastcgiServer;
  let client: FastcgiClient;
  beforeAll(async () => {
    t = await startTestApp({ env: { FOLIO_METRICS_TOKEN: token } });
    server = createFastcgiServer(t.app);
    client = await FastcgiClient.connect(await listenOnLoopback(server));
  });
  afterAll(async () => {
    await client.close();
    await new Promise((resolve) => server.close(resolve));
    await t.close();
  });

  const get = async (params: Record<string, string>) => (await client.request({ params })).status;

  it('answers a reader on loopback, and gives a reader elsewhere the 404, though both come from 127.0.0.1', async () => {
    expect(await get(apacheParams({ uri: '/metrics', remoteAddr: '127.0.0.1' }))).toBe(200);
    expect(await get(apacheParams({ uri: '/metrics', remoteAddr: '198.51.100.23' }))).toBe(404);
    expect(
      await get(
        apacheParams({ uri: '/metrics', remoteAddr: '198.51.100.23', headers: { authorization: `Bearer ${token}` } }),
      ),
    ).toBe(200);
  });

  it('gives the 404 when the web server sends no REMOTE_ADDR', async () => {
    const { REMOTE_ADDR: _none, ...params } = apacheParams({ uri: '/metrics' });
    expect(await get(params)).toBe(404);
  });
});
