/**
 * fetchOutbound against real servers on loopback (allowPrivate on, as tests
 * run it): redirects counted and re-made by the rules, POST bodies, the size
 * and time limits, the User-Agent, compression and charsets.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import zlib from 'node:zlib';
import { fetchOutbound, OutboundRefused } from '#app/net/outbound.ts';
import { waitFor } from '#test/support/wait-for.ts';
import { startSite, testConfig, type Site } from './site.ts';

const config = testConfig();

async function refusal(promise: Promise<unknown>): Promise<OutboundRefused> {
  const error = await promise.then(
    () => null,
    (error: unknown) => error,
  );
  expect(error).toBeInstanceOf(OutboundRefused);
  return error as OutboundRefused;
}

describe('fetchOutbound: requests and answers', () => {
  let site: Site;
  let other: Site;
  const hanging: Set<() => void> = new Set();
  beforeAll(async () => {
    other = await startSite((request, response) => response.end(JSON.stringify(request)));
    site = await startSite((request, response) => {
      const [, route, arg = ''] = /^\/([^/?]*)\/?([^?]*)/.exec(request.path) ?? [];
      switch (route) {
        case 'hops': {
          // /hops/N redirects N more times, then answers.
          const left = Number(arg);
          if (left > 0) response.writeHead(302, { location: `/hops/${left - 1}` });
          return response.end(left > 0 ? '' : 'arrived');
        }
        case 'status':
          // /status/303?to=/echo and the like.
          response.writeHead(Number(arg), {
            location: new URL(request.path, 'http://x').searchParams.get('to') ?? '/echo',
          });
          return response.end();
        case 'echo':
          response.writeHead(200, { 'content-type': 'application/json' });
          return response.end(JSON.stringify(request));
        case 'bytes':
          response.writeHead(200, { 'content-type': 'text/plain', 'content-length': arg });
          return response.end('x'.repeat(Number(arg)));
        case 'endless': {
          // No Content-Length: only counting stops it.
          response.writeHead(200, { 'content-type': 'text/plain' });
          const more = () => {
            while (response.write('y'.repeat(16 * 1024)));
          };
          response.on('drain', more);
          return more();
        }
        case 'bomb':
          response.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
          return response.end(zlib.gzipSync(Buffer.alloc(10 * 1024 * 1024)));
        case 'gzip':
          response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-encoding': 'gzip' });
          return response.end(zlib.gzipSync('squeezed — café'));
        case 'corrupt':
          response.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
          return response.end('this is not gzip at all');
        case 'br':
          response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-encoding': 'br' });
          return response.end(zlib.brotliCompressSync('brotli — café'));
        case 'charset':
          // /charset/windows-1252 answers "“café”" in that charset; /charset/ names none.
          response.writeHead(200, { 'content-type': arg ? `text/html; charset=${arg}` : 'text/html' });
          return response.end(
            arg === 'windows-1252' ? Buffer.from([0x93, 0x63, 0x61, 0x66, 0xe9, 0x94]) : Buffer.from('“café”'),
          );
        case 'silent':
          // Answers nothing until the test ends.
          hanging.add(() => response.end());
          return;
        case 'trickle':
          response.writeHead(200, { 'content-type': 'text/plain' });
          response.write('a start and then nothing');
          hanging.add(() => response.end());
          return;
        case 'to-other':
          response.writeHead(307, { location: other.url('/landed') });
          return response.end();
        default:
          response.writeHead(404, { 'content-type': 'text/plain' });
          return response.end('no such page');
      }
    });
  });
  afterAll(async () => {
    for (const end of hanging) end();
    await Promise.all([site.stop(), other.stop()]);
  });

  it("sends Folio's User-Agent and says which encodings it reads", async () => {
    const response = await fetchOutbound(site.url('/echo'), config);
    const seen = JSON.parse(response.text()) as { headers: Record<string, string> };
    expect(seen.headers['user-agent']).toBe('Folio/test (+http://blog.test)');
    expect(seen.headers['accept-encoding']).toBe('gzip, deflate, br');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.url).toBe(site.url('/echo'));
  });

  it('answers a 404 as a response, not a refusal', async () => {
    const response = await fetchOutbound(site.url('/missing'), config);
    expect(response.status).toBe(404);
    expect(response.text()).toBe('no such page');
  });

  it('follows redirects up to maxRedirects, each one a request of its own', async () => {
    const before = site.requests.length;
    const response = await fetchOutbound(site.url('/hops/3'), config);
    expect(response.status).toBe(200);
    expect(response.text()).toBe('arrived');
    expect(response.url).toBe(site.url('/hops/0'));
    expect(site.requests.slice(before).map((request) => request.path)).toEqual([
      '/hops/3',
      '/hops/2',
      '/hops/1',
      '/hops/0',
    ]);
  });

  it('refuses the redirect past maxRedirects without making that request', async () => {
    const before = site.requests.length;
    const error = await refusal(fetchOutbound(site.url('/hops/4'), config));
    expect(error.reason).toBe('too-many-redirects');
    expect(site.requests.slice(before).map((request) => request.path)).toEqual([
      '/hops/4',
      '/hops/3',
      '/hops/2',
      '/hops/1',
    ]);
    expect((await refusal(fetchOutbound(site.url('/hops/1'), testConfig({ maxRedirects: 0 })))).reason).toBe(
      'too-many-redirects',
    );
  });

  it('hands back the 3xx itself when asked for redirect: manual', async () => {
    const response = await fetchOutbound(site.url('/hops/2'), config, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/hops/1');
  });

  it('sends a POST with its body and Content-Type', async () => {
    const body = 'source=https%3A%2F%2Fa.test%2F&target=caf%C3%A9';
    const response = await fetchOutbound(site.url('/echo'), config, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    const seen = JSON.parse(response.text()) as { method: string; body: string; headers: Record<string, string> };
    expect(seen).toMatchObject({ method: 'POST', body });
    expect(seen.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(seen.headers['content-length']).toBe(String(Buffer.byteLength(body)));
  });

  it.each([
    [303, 'GET', ''],
    [302, 'GET', ''],
    [301, 'GET', ''],
    [307, 'POST', 'a=1'],
    [308, 'POST', 'a=1'],
  ])('after a %i, a POST becomes a %s', async (status, method, body) => {
    const response = await fetchOutbound(site.url(`/status/${status}`), config, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    const seen = JSON.parse(response.text()) as { method: string; body: string; headers: Record<string, string> };
    expect(seen).toMatchObject({ method, body, path: '/echo' });
    expect(seen.headers['content-type']).toBe(method === 'POST' ? 'application/x-www-form-urlencoded' : undefined);
  });

  it('keeps an Authorization header on the same origin and drops it on another', async () => {
    const headers = { authorization: 'Bearer secret-token' };
    const same = JSON.parse((await fetchOutbound(site.url('/status/307?to=/echo'), config, { headers })).text()) as {
      headers: Record<string, string>;
    };
    expect(same.headers.authorization).toBe('Bearer secret-token');
    const elsewhere = await fetchOutbound(site.url('/to-other'), config, { headers });
    expect(elsewhere.url).toBe(other.url('/landed'));
    expect((JSON.parse(elsewhere.text()) as { headers: Record<string, string> }).headers.authorization).toBeUndefined();
  });

  it('refuses a body over maxBytes announced by Content-Length, and reads one at the limit', async () => {
    const limit = testConfig({ maxBytes: 1000 });
    expect((await fetchOutbound(site.url('/bytes/1000'), limit)).body.length).toBe(1000);
    const error = await refusal(fetchOutbound(site.url('/bytes/1001'), limit));
    expect(error.reason).toBe('too-large');
    expect(error.message).toContain('more than 1000 bytes');
    expect((await refusal(fetchOutbound(site.url('/bytes/600'), config, { maxBytes: 500 }))).reason).toBe('too-large');
  });

  it('stops reading an endless body at the limit', async () => {
    expect((await refusal(fetchOutbound(site.url('/endless'), config))).reason).toBe('too-large');
  });

  it('applies the limit after decompression (a 10 MB gzip bomb is refused)', async () => {
    expect((await refusal(fetchOutbound(site.url('/bomb'), config))).reason).toBe('too-large');
  });

  it('decompresses gzip and brotli', async () => {
    expect((await fetchOutbound(site.url('/gzip'), config)).text()).toBe('squeezed — café');
    expect((await fetchOutbound(site.url('/br'), config)).text()).toBe('brotli — café');
  });

  it('says network, in plain words, for a body that claims gzip and is not', async () => {
    const error = await refusal(fetchOutbound(site.url('/corrupt'), config));
    expect(error.reason).toBe('network');
    expect(error.message).toContain('the compressed body is corrupt');
  });

  it('decodes text by the Content-Type charset, UTF-8 when none or an unknown one is named', async () => {
    expect((await fetchOutbound(site.url('/charset/windows-1252'), config)).text()).toBe('“café”');
    expect((await fetchOutbound(site.url('/charset/'), config)).text()).toBe('“café”');
    expect((await fetchOutbound(site.url('/charset/no-such-charset'), config)).text()).toBe('“café”');
  });

  it('gives up on a server that never answers once the deadline passes', async () => {
    const started = performance.now();
    const error = await refusal(fetchOutbound(site.url('/silent'), testConfig({ timeoutMs: 300 })));
    expect(error.reason).toBe('timeout');
    expect(error.message).toContain('did not answer within 0.3 s');
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('gives up on a body that stops coming, within the same deadline', async () => {
    expect((await refusal(fetchOutbound(site.url('/trickle'), testConfig({ timeoutMs: 300 })))).reason).toBe('timeout');
  });

  it('answers HEAD without reading a body', async () => {
    const response = await fetchOutbound(site.url('/bytes/5000'), testConfig({ maxBytes: 1000 }), { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.body.length).toBe(0);
    expect(response.headers.get('content-length')).toBe('5000');
  });

  it('leaves no connection open behind it, whether the body was read or refused', async () => {
    await fetchOutbound(site.url('/echo'), config);
    await refusal(fetchOutbound(site.url('/endless'), config));
    await fetchOutbound(site.url('/bytes/5000'), config, { method: 'HEAD' });
    await waitFor(() => site.openConnections() === 0, { message: 'the connections to close' });
  });
});
