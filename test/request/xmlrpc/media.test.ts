import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import sharp from 'sharp';
import { startTestApp, testBaseUrl, type TestApp } from '#test/support/app.ts';
import * as cast from '#test/fixtures/cast.ts';
import { db, type User } from '#app/models/db.ts';
import { uploadDirs } from '#config/uploads.ts';
import { appPasswordFor, call, value } from '#test/request/xmlrpc/client.ts';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/files');
const fixture = (name: string) => readFileSync(path.join(fixtures, name));

describe('XML-RPC media: newMediaObject and wp.uploadFile store files like the admin’s uploads', () => {
  let t: TestApp;
  let grace: User;
  let password: string;
  beforeAll(async () => {
    t = await startTestApp({ env: { FOLIO_UPLOAD_MAX_MB: '1' } });
    grace = await cast.grace();
    password = await appPasswordFor(grace);
  });
  afterAll(() => t.close());

  it('stores an image re-encoded under a generated name, whatever the client called it, and serves it', async () => {
    const answer = (await value(t.app, 'metaWeblog.newMediaObject', '1', 'grace', password, {
      name: '../../etc/photo.png',
      type: 'image/jpeg',
      bits: fixture('exif-gps-php.jpg'),
    })) as Record<string, string>;
    expect(answer).toEqual({
      id: expect.stringMatching(/^\d+$/) as unknown,
      file: expect.stringMatching(/^[0-9a-f]{16}\.jpg$/) as unknown,
      url: expect.stringMatching(new RegExp(`^${testBaseUrl}/uploads/\\d{4}/\\d{2}/[0-9a-f]{16}\\.jpg$`)) as unknown,
      type: 'image/jpeg',
    });
    const asset = await db.asset.findUniqueOrThrow({ where: { id: Number(answer.id) } });
    expect(asset).toMatchObject({ uploaderId: grace.id, originalName: 'photo.png', contentType: 'image/jpeg' });
    const served = await request(t.app).get(answer.url!.slice(testBaseUrl.length)).buffer(true);
    expect(served.status).toBe(200);
    // Re-encoded: the GPS position the original carried is gone.
    expect((await sharp(served.body as Buffer).metadata()).exif).toBeUndefined();
  });

  it('wp.uploadFile answers the same way', async () => {
    const answer = (await value(t.app, 'wp.uploadFile', '1', 'grace', password, {
      name: 'sample.png',
      type: 'image/png',
      bits: fixture('sample.png'),
      overwrite: false,
    })) as Record<string, string>;
    expect(answer.type).toBe('image/png');
    expect(answer.url).toMatch(/\.png$/);
  });

  it('faults clearly on a file it does not accept, on one too large and on bits that are not base64; leaves no temp file', async () => {
    const text = await call(t.app, 'metaWeblog.newMediaObject', '1', 'grace', password, {
      name: 'notes.txt',
      type: 'text/plain',
      bits: Buffer.from('just some text, not a picture'),
    });
    expect(text).toEqual({
      fault: { code: 415, message: expect.stringMatching(/^“notes\.txt” was refused: /) as unknown },
    });
    const svg = await call(t.app, 'wp.uploadFile', '1', 'grace', password, {
      name: 'drawing.svg',
      type: 'image/svg+xml',
      bits: fixture('drawing.svg'),
    });
    expect(svg).toMatchObject({ fault: { code: 415 } });
    const big = await call(t.app, 'wp.uploadFile', '1', 'grace', password, {
      name: 'big.png',
      type: 'image/png',
      bits: Buffer.alloc(1024 * 1024 + 1),
    });
    expect(big).toEqual({
      fault: { code: 413, message: '“big.png” is larger than this blog accepts (1 MB at most).' },
    });
    expect(await call(t.app, 'wp.uploadFile', '1', 'grace', password, { name: 'x.png', bits: 'iVBOR' })).toMatchObject({
      fault: { code: -32602 },
    });
    expect(
      await call(t.app, 'wp.uploadFile', '1', 'grace', 'wrong', { name: 'x.png', bits: fixture('sample.png') }),
    ).toMatchObject({
      fault: { code: 403 },
    });
    expect(readdirSync(uploadDirs(t.config).temp)).toEqual([]);
  });

  it('sets, keeps and removes the cover from post_thumbnail (wp_post_thumbnail in MetaWeblog)', async () => {
    const upload = (name: string, file: string) =>
      value(t.app, 'wp.uploadFile', '1', 'grace', password, { name, bits: fixture(file) }) as Promise<
        Record<string, string>
      >;
    const image = await upload('cover.png', 'sample.png');
    const pdf = await upload('paper.pdf', 'sample.pdf');
    const id = (await value(t.app, 'wp.newPost', '1', 'grace', password, {
      post_title: 'With a cover',
      post_thumbnail: Number(image.id),
    })) as string;
    const got = (await value(t.app, 'wp.getPost', '1', 'grace', password, id)) as Record<string, unknown>;
    expect(got.post_thumbnail).toMatchObject({ attachment_id: image.id, link: image.url });
    await value(t.app, 'wp.editPost', '1', 'grace', password, id, { post_title: 'Still with a cover' });
    expect((await db.article.findUniqueOrThrow({ where: { id: Number(id) } })).coverAssetId).toBe(Number(image.id));
    expect(await call(t.app, 'wp.editPost', '1', 'grace', password, id, { post_thumbnail: pdf.id })).toEqual({
      fault: { code: 400, message: 'Choose an image from the library.' },
    });
    const ada = await cast.ada();
    const adas = (await value(t.app, 'wp.uploadFile', '1', 'ada', await appPasswordFor(ada), {
      name: 'hers.png',
      bits: fixture('sample.png'),
    })) as Record<string, string>;
    expect(await call(t.app, 'wp.editPost', '1', 'grace', password, id, { post_thumbnail: adas.id })).toMatchObject({
      fault: { code: 404 },
    });
    await value(t.app, 'metaWeblog.editPost', id, 'grace', password, { wp_post_thumbnail: '' }, true);
    const mw = (await value(t.app, 'metaWeblog.getPost', id, 'grace', password)) as Record<string, unknown>;
    expect(mw.wp_post_thumbnail).toBe('');
  });
});
