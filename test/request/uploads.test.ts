import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { createUser } from '#test/fixtures/factories.ts';
import { storeUploads, type Upload } from '#app/models/upload.ts';
import { uploadDirs, type UploadDirs } from '#config/uploads.ts';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/files');

describe('GET /uploads/*file', () => {
  let t: TestApp;
  let dirs: UploadDirs;
  const stored: Record<string, Upload> = {};

  beforeAll(async () => {
    t = await startTestApp();
    dirs = uploadDirs(t.config);
    const owner = await createUser();
    for (const name of ['sample.png', 'sample.pdf', 'sample.mp4', 'sample.mp3']) {
      const incoming = path.join(dirs.temp, `incoming-${name}`);
      copyFileSync(path.join(fixtures, name), incoming);
      const [asset] = await storeUploads(
        [{ path: incoming, originalName: `client "name" <${name}>`, size: statSync(incoming).size }],
        owner,
        dirs,
      );
      stored[name] = asset!;
    }
    // Things that must never be reachable through /uploads.
    writeFileSync(path.join(t.dir, 'secret.txt'), 'TOP SECRET');
  });
  afterAll(() => t.close());

  it('serves a file with its detected type, nosniff, inline and a year of immutable caching', async () => {
    const png = stored['sample.png']!;
    const res = await request(t.app).get(`/uploads/${png.storedName}`).expect(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-disposition']).toBe('inline');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['set-cookie']).toBeUndefined();
    // What was stored: for an image, its re-encoded copy (see asset/images.ts).
    expect(res.body).toEqual(readFileSync(path.join(dirs.root, png.storedName)));
  });

  it.each([
    ['sample.pdf', 'application/pdf'],
    ['sample.mp4', 'video/mp4'],
    ['sample.mp3', 'audio/mpeg'],
  ])('serves %s as %s', async (name, contentType) => {
    const res = await request(t.app).get(`/uploads/${stored[name]!.storedName}`).buffer(true).expect(200);
    expect(res.headers['content-type']).toBe(contentType);
    expect(res.headers['content-disposition']).toBe('inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves the thumbnail and medium copies of an image, not of other files', async () => {
    const png = stored['sample.png']!.storedName;
    for (const variant of ['thumb', 'medium']) {
      const res = await request(t.app)
        .get(`/uploads/${png.replace('.png', `-${variant}.png`)}`)
        .expect(200);
      expect(res.headers['content-type']).toBe('image/png');
    }
    await request(t.app)
      .get(`/uploads/${stored['sample.pdf']!.storedName.replace('.pdf', '-thumb.pdf')}`)
      .expect(404);
  });

  it('answers HEAD and byte ranges (for seeking in audio and video)', async () => {
    const mp4 = stored['sample.mp4']!.storedName;
    await request(t.app).head(`/uploads/${mp4}`).expect(200).expect('Content-Type', 'video/mp4');
    const part = await request(t.app).get(`/uploads/${mp4}`).set('Range', 'bytes=4-7').buffer(true).expect(206);
    expect(Buffer.from(part.body).toString('latin1')).toBe('ftyp');
  });

  it('never takes the type from the address: a stored PNG asked for as .pdf is not found', async () => {
    await request(t.app)
      .get(`/uploads/${stored['sample.png']!.storedName.replace('.png', '.pdf')}`)
      .expect(404);
  });

  it.each([
    '/uploads/2026/01/0123456789abcdef.png',
    '/uploads/../secret.txt',
    '/uploads/..%2fsecret.txt',
    '/uploads/%2e%2e/%2e%2e/secret.txt',
    '/uploads/2026/11/..%2f..%2f..%2fsecret.txt',
    '/uploads/secret.txt',
    '/uploads/folio.db',
    '/uploads/session-secret',
    '/uploads/tmp/uploads',
    '/uploads/2026/11/0123456789ABCDEF.png',
    '/uploads/2026/13/0123456789abcdef.png',
    '/uploads/2026/11/0123456789abcdef.svg',
    '/uploads/2026/11/0123456789abcdef-big.png',
  ])('answers 404 for %s, sent verbatim (no client-side normalising)', async (url) => {
    const res = await rawGet(t, url);
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('TOP SECRET');
    // The uploads controller itself refused it (the generic 404 says something else).
    expect(res.body).toContain('There is no such upload.');
    expect(res.contentType).toMatch(/^text\/html/);
  });

  it('answers 400 for a NUL in the address, before any lookup', async () => {
    const res = await rawGet(t, '/uploads/2026/11/0123456789abcdef.png%00.txt');
    expect(res.status).toBe(400);
    expect(res.body).not.toContain('TOP SECRET');
  });

  it('answers 404 when the row exists but the file has gone', async () => {
    const mp3 = stored['sample.mp3']!;
    const { rmSync } = await import('node:fs');
    rmSync(path.join(dirs.root, mp3.storedName));
    const res = await request(t.app).get(`/uploads/${mp3.storedName}`).expect(404);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-disposition']).toBeUndefined();
  });
});

/** A GET whose path goes on the wire exactly as written (supertest would resolve `..` first). */
async function rawGet(t: TestApp, rawPath: string): Promise<{ status: number; contentType: string; body: string }> {
  const server = t.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    return await new Promise((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: (server.address() as AddressInfo).port, path: rawPath, agent: false },
        (res) => {
          let body = '';
          res
            .setEncoding('utf8')
            .on('data', (chunk: string) => (body += chunk))
            .on('end', () =>
              resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type']), body }),
            );
        },
      );
      req.on('error', reject).end();
    });
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}
