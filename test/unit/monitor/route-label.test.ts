import { describe, it, expect } from 'vitest';
import express, { Router } from 'express';
import request from 'supertest';
import { ProcessMetrics } from '#app/monitor/metrics/registry.ts';
import { countRequests } from '#app/monitor/metrics/request-counting.ts';
import { labelRoutes, markStatic } from '#app/monitor/metrics/route-label.ts';
import { sampleValue, labelValues } from '#test/support/metrics-text.ts';

// A small app shaped like Folio's: a mounted admin router, the root's routes, a file server, errors.
function appWith(metrics: ProcessMetrics) {
  const app = express();
  app.use(countRequests(metrics, 'https://blog.example'));
  app.use((req, res, next) => {
    if (req.path !== '/style.css') return next();
    markStatic(res);
    res.type('css').send('a{}');
  });
  const admin = Router();
  admin.get('/articles/:id', (req) => {
    throw new Error(`broken ${String(req.params.id)}`);
  });
  admin.get('/ok', (_req, res) => void res.send('ok'));
  const root = Router();
  root.get('/:year/:month/:day/:slug', (_req, res) => void res.send('article'));
  app.use('/admin', labelRoutes(admin, '/admin'));
  app.use(labelRoutes(root, ''));
  app.use((_req, res) => void res.status(404).send('not found'));
  app.use((_error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(500).send('error');
  });
  return app;
}

describe('route labels', () => {
  it('are patterns: mounted, after an error left the router, "static" and "unmatched"', async () => {
    const metrics = new ProcessMetrics();
    const app = appWith(metrics);
    await request(app).get('/2024/03/02/a-post').expect(200);
    await request(app).get('/2024/03/03/another').expect(200);
    await request(app).get('/admin/articles/12').expect(500);
    await request(app).get('/admin/ok').expect(200);
    await request(app).get('/style.css').expect(200);
    await request(app).get('/nothing/here').expect(404);
    const text = await metrics.registry.metrics();
    expect(labelValues(text, 'folio_http_requests_total', 'route').sort()).toEqual([
      '/:year/:month/:day/:slug',
      '/admin/articles/:id',
      '/admin/ok',
      'static',
      'unmatched',
    ]);
    expect(sampleValue(text, 'folio_http_requests_total', { route: '/:year/:month/:day/:slug' })).toBe(2);
    expect(sampleValue(text, 'folio_http_requests_total', { route: '/admin/articles/:id', status_class: '5xx' })).toBe(
      1,
    );
    const tally = metrics.tally.drain();
    expect(tally).toMatchObject({ requests: 6, clientErrors: 1, serverErrors: 1 });
    expect(tally.latency.reduce((a, b) => a + b, 0)).toBe(6);
    expect(tally.reads).toEqual({ '/2024/03/02/a-post': 1, '/2024/03/03/another': 1 });
  });

  it('count a referring site by its host name only, and never the blog itself', async () => {
    const metrics = new ProcessMetrics();
    const app = appWith(metrics);
    await request(app).get('/2024/03/02/a').set('Referer', 'https://search.example/?q=secret+words').expect(200);
    await request(app).get('/2024/03/02/a').set('Referer', 'https://blog.example/2024/').expect(200);
    await request(app).get('/2024/03/02/a').set('Referer', 'android-app://com.example').expect(200);
    await request(app).get('/nothing/here').set('Referer', 'https://elsewhere.example/').expect(404);
    expect(metrics.tally.drain().referrers).toEqual({ 'search.example': 1 });
  });
});
