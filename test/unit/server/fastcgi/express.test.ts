import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { createFastcgiServer, RecordType, type FastcgiServer } from '#app/server/fastcgi/index.ts';
import { FastcgiClient, apacheParams, listenOnLoopback } from '#test/support/fastcgi-client.ts';

// A real Express app, served only through FastCGI, checked the way Apache would see it.
describe('an Express app behind the FastCGI responder', () => {
  let dir: string;
  let server: FastcgiServer;
  let port: number;
  let client: FastcgiClient;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'folio-fastcgi-'));
    writeFileSync(path.join(dir, 'style.css'), 'body { color: black }\n');
    server = createFastcgiServer(buildApp(dir));
    port = await listenOnLoopback(server);
    client = await FastcgiClient.connect(port);
  });
  afterAll(async () => {
    await client.close();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a GET with its query string, as a CGI response without hop-by-hop headers', async () => {
    const res = await client.request({ params: apacheParams({ uri: '/info?tag=node&page=2' }) });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toMatchObject({
      method: 'GET',
      url: '/info?tag=node&page=2',
      query: { tag: 'node', page: '2' },
      httpVersion: '1.1',
    });
    expect(res.head).toMatch(/^Status: 200 OK\r\n/);
    expect(res.head).not.toMatch(/^(connection|keep-alive|transfer-encoding):/im);
    expect(res).toMatchObject({ appStatus: 0, protocolStatus: 0 });
  });

  it('reports REMOTE_ADDR as req.ip and HTTPS=on as req.secure, with no trust proxy setting', async () => {
    const plain: unknown = JSON.parse(
      (await client.request({ params: apacheParams({ uri: '/info', remoteAddr: '198.51.100.23' }) })).body.toString(),
    );
    expect(plain).toMatchObject({ ip: '198.51.100.23', secure: false, protocol: 'http', hostname: 'blog.example.org' });
    const tls: unknown = JSON.parse(
      (await client.request({ params: apacheParams({ uri: '/info', https: true }) })).body.toString(),
    );
    expect(tls).toMatchObject({ secure: true, protocol: 'https' });
  });

  it('passes HTTP_* params as headers (but no client-sent X-Forwarded-For) and sends several Set-Cookie headers back', async () => {
    const res = await client.request({
      params: apacheParams({
        uri: '/cookies',
        headers: { cookie: 'theme=dark; session=abc', 'x-forwarded-for': '192.0.2.99' },
      }),
    });
    expect(JSON.parse(res.body.toString())).toEqual({ cookie: 'theme=dark; session=abc' });
    expect(res.headers['set-cookie']).toEqual(['seen=1; Path=/', 'flash=hello; Path=/; HttpOnly']);
  });

  it('reads a POST body with CONTENT_LENGTH', async () => {
    const body = JSON.stringify({ title: 'Hello', tags: ['a', 'b'] });
    const res = await client.request({
      params: apacheParams({
        method: 'POST',
        uri: '/json',
        contentType: 'application/json',
        contentLength: Buffer.byteLength(body),
      }),
      body: [body.slice(0, 5), body.slice(5)],
    });
    expect(JSON.parse(res.body.toString())).toEqual({ received: { title: 'Hello', tags: ['a', 'b'] } });
  });

  it('reads a chunked upload that has no CONTENT_LENGTH', async () => {
    const res = await client.request({
      params: apacheParams({ method: 'POST', uri: '/json', contentType: 'application/json' }),
      body: ['{"title":', '"chunked"}'],
    });
    expect(JSON.parse(res.body.toString())).toEqual({ received: { title: 'chunked' } });
  });

  it('echoes a body of several MB sent in many STDIN records', async () => {
    const body = Buffer.alloc(5 * 1024 * 1024);
    for (let i = 0; i < body.length; i++) body[i] = (i * 31) & 0xff;
    const pieces = Array.from({ length: 40 }, (_, i) =>
      body.subarray((i * body.length) / 40, ((i + 1) * body.length) / 40),
    );
    const res = await client.request({
      params: apacheParams({
        method: 'POST',
        uri: '/echo',
        contentType: 'application/octet-stream',
        contentLength: body.length,
      }),
      body: pieces,
    });
    expect(res.headers['content-length']).toBe(String(body.length));
    expect(res.body.length).toBe(body.length);
    expect(res.body.equals(body)).toBe(true);
  });

  it('sends a response larger than 65535 bytes as several padded STDOUT records', async () => {
    const before = client.records.length;
    const res = await client.request({ params: apacheParams({ uri: '/big' }) });
    expect(res.body.toString()).toBe('x'.repeat(200_000));
    const stdout = client.records.slice(before).filter((r) => r.type === RecordType.Stdout && r.content.length > 0);
    expect(stdout.length).toBeGreaterThan(3);
    expect(Math.max(...stdout.map((r) => r.content.length))).toBeLessThanOrEqual(65535);
  });

  it('decodes a streamed (chunked by Node) response', async () => {
    const res = await client.request({ params: apacheParams({ uri: '/stream' }) });
    expect(res.body.toString()).toBe('one\ntwo\nthree\n');
    expect(res.headers['transfer-encoding']).toBeUndefined();
  });

  it('answers HEAD with headers only', async () => {
    const res = await client.request({ params: apacheParams({ method: 'HEAD', uri: '/info' }) });
    expect(res.status).toBe(200);
    expect(Number(res.headers['content-length'])).toBeGreaterThan(0);
    expect(res.body.length).toBe(0);
  });

  it("gives 304 from Express's freshness check", async () => {
    const first = await client.request({ params: apacheParams({ uri: '/article' }) });
    const etag = String(first.headers.etag);
    const second = await client.request({
      params: apacheParams({ uri: '/article', headers: { 'if-none-match': etag } }),
    });
    expect(second.status).toBe(304);
    expect(second.body.length).toBe(0);
    const explicit = await client.request({ params: apacheParams({ uri: '/not-modified' }) });
    expect(explicit.status).toBe(304);
  });

  it('redirects', async () => {
    const res = await client.request({ params: apacheParams({ method: 'POST', uri: '/login', contentLength: 0 }) });
    expect(res.status).toBe(302);
    expect(res.statusText).toBe('Found');
    expect(res.headers.location).toBe('/admin');
  });

  it('serves files with express.static and res.sendFile', async () => {
    const asset = await client.request({ params: apacheParams({ uri: '/assets/style.css' }) });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(asset.body.toString()).toBe('body { color: black }\n');
    const sent = await client.request({ params: apacheParams({ uri: '/download' }) });
    expect(sent.body.toString()).toBe('body { color: black }\n');
    const missing = await client.request({ params: apacheParams({ uri: '/assets/nope.css' }) });
    expect(missing.status).toBe(404);
  });

  it('keeps Connection: close set by the app away from the web server, and the connection open', async () => {
    const res = await client.request({ params: apacheParams({ uri: '/close-me' }) });
    expect(res.body.toString()).toBe('bye');
    expect(res.head).not.toMatch(/^connection:/im);
    expect((await client.request({ params: apacheParams({ uri: '/info' }) })).status).toBe(200);
  });

  it('honours res.setTimeout: a timed-out response ends the request as failed, with a 502 in place of the head it never sent', async () => {
    const res = await client.request({ params: apacheParams({ uri: '/too-slow' }) });
    expect(res.status).toBe(502);
    expect(res.appStatus).toBe(1);
    expect((await client.request({ params: apacheParams({ uri: '/info' }) })).status).toBe(200);
  });

  it('turns a throwing handler into a 500 without losing the worker', async () => {
    const res = await client.request({ params: apacheParams({ uri: '/boom' }) });
    expect(res.status).toBe(500);
    expect((await client.request({ params: apacheParams({ uri: '/info' }) })).status).toBe(200);
  });
});

function buildApp(dir: string): express.Express {
  const app = express();
  app.get('/info', (req, res) => {
    res.json({
      method: req.method,
      url: req.url,
      query: req.query,
      httpVersion: req.httpVersion,
      ip: req.ip,
      secure: req.secure,
      protocol: req.protocol,
      hostname: req.hostname,
    });
  });
  app.get('/cookies', (req, res) => {
    res.cookie('seen', '1');
    res.cookie('flash', 'hello', { httpOnly: true });
    res.json({ cookie: req.headers.cookie, forwardedFor: req.headers['x-forwarded-for'] });
  });
  app.post('/json', express.json(), (req, res) => {
    res.json({ received: req.body as unknown });
  });
  app.post('/echo', express.raw({ type: '*/*', limit: '20mb' }), (req, res) => {
    res.type('application/octet-stream').send(req.body);
  });
  app.get('/big', (_req, res) => {
    res.type('text').send('x'.repeat(200_000));
  });
  app.get('/stream', (_req, res) => {
    res.type('text');
    res.write('one\n');
    setTimeout(() => {
      res.write('two\n');
      res.end('three\n');
    }, 5);
  });
  app.get('/article', (_req, res) => {
    res.send('<h1>An article</h1>');
  });
  app.get('/not-modified', (_req, res) => {
    res.status(304).end();
  });
  app.post('/login', (_req, res) => {
    res.redirect('/admin');
  });
  app.use('/assets', express.static(dir));
  app.get('/download', (_req, res) => {
    res.sendFile(path.join(dir, 'style.css'));
  });
  app.get('/close-me', (_req, res) => {
    res.set('Connection', 'close').send('bye');
  });
  app.get('/too-slow', (_req, res) => {
    res.setTimeout(50);
  });
  app.get('/boom', () => {
    throw new Error('boom');
  });
  return app;
}
