import { describe, it, expect, beforeAll, afterAll, assert } from 'vitest';
import type http from 'node:http';
import request from 'supertest';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pageCacheFirst } from '#app/page-cache/fast-path.ts';
import { webmentionMarkerFile } from '#app/page-cache/webmention-marker.ts';

describe('the direct-HTTP fast path', () => {
  let root: string;
  let server: http.RequestListener;
  const appHits: string[] = [];
  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'folio-fast-'));
    mkdirSync(path.join(root, 'tag'));
    writeFileSync(path.join(root, 'index.html'), '<p>home</p>');
    writeFileSync(path.join(root, 'tag/ruby.atom'), '<feed/>');
    server = pageCacheFirst(
      root,
      () => ['X-Frame-Options', 'SAMEORIGIN'],
      (req, res) => {
        appHits.push(req.url!);
        res.end('from the app');
      },
    );
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('serves a cached file with its type, the static headers and validators', async () => {
    const res = await request(server)
      .get('/')
      .expect(200)
      .expect('Content-Type', 'text/html; charset=utf-8')
      .expect('X-Frame-Options', 'SAMEORIGIN');
    expect(res.text).toBe('<p>home</p>');
    await request(server).get('/').set('If-None-Match', res.headers.etag!).expect(304);
    await request(server).get('/').set('If-Modified-Since', res.headers['last-modified']!).expect(304);
    await request(server)
      .get('/tag/ruby.atom')
      .expect(200)
      .expect('Content-Type', 'application/atom+xml; charset=utf-8');
    const head = await request(server).head('/').expect(200);
    expect(head.headers['content-length']).toBe('11');
    expect(appHits).toEqual([]);
  });

  it('hands anything else to the app: misses, query strings, other methods, odd paths', async () => {
    for (const urlPath of ['/missing', '/?x=1', '/.folio/index.sqlite', '/tag/ruby/'])
      await request(server).get(urlPath).expect(200, 'from the app');
    await request(server).post('/').expect(200, 'from the app');
    expect(appHits).toEqual(['/missing', '/?x=1', '/.folio/index.sqlite', '/tag/ruby/', '/']);
  });

  it('sends the Webmention Link header with pages, not feeds, while the marker is there, from the next file read', async () => {
    const link = '<https://blog.example/webmention>; rel="webmention"';
    const served = pageCacheFirst(
      root,
      () => [],
      () => assert.fail('the app was asked'),
      { webmentionLink: link },
    );
    writeFileSync(path.join(root, 'about.html'), '<p>about</p>');
    await request(served)
      .get('/about')
      .expect(200)
      .expect((res) => expect(res.headers.link).toBeUndefined());
    writeFileSync(webmentionMarkerFile(root), '');
    writeFileSync(path.join(root, 'about.html'), '<p>about us</p>');
    await request(served).get('/about').expect(200, '<p>about us</p>').expect('Link', link);
    await request(served).head('/about').expect(200).expect('Link', link);
    await request(served)
      .get('/tag/ruby.atom')
      .expect(200)
      .expect((res) => expect(res.headers.link).toBeUndefined());
    // The marker file itself is a dotfile: never served.
    await request(server).get('/.webmentions-on').expect(200, 'from the app');
    rmSync(webmentionMarkerFile(root));
  });

  it('sees a replaced or removed file at once', async () => {
    await request(server).get('/').expect(200, '<p>home</p>');
    writeFileSync(path.join(root, 'index.html.tmp'), '<p>home, again</p>');
    renameSync(path.join(root, 'index.html.tmp'), path.join(root, 'index.html'));
    await request(server).get('/').expect(200, '<p>home, again</p>');
    rmSync(path.join(root, 'index.html'));
    await request(server).get('/').expect(200, 'from the app');
  });
});
