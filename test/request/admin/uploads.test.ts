import { describe, it, expect, beforeAll, afterAll, afterEach } from 'vitest';
import request from 'supertest';
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import sharp from 'sharp';
import { z } from 'zod';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { waitFor } from '#test/support/wait-for.ts';
import { csrfFrom, signedInAgent, testPassword, type SignedInAgent as Agent } from '#test/support/admin.ts';
import * as cast from '#test/fixtures/cast.ts';
import { forgetSignInLimiters } from '#app/models/user/sign-in-throttle.ts';
import { onChange, type RecordChange } from '#app/models/changes.ts';
import { db } from '#app/models/db.ts';
import { storeUploads } from '#app/models/upload.ts';
import { uploadDirs, type UploadDirs } from '#config/uploads.ts';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/files');
const fixture = (name: string) => path.join(fixtures, name);

// The JSON replies these tests read: the stored assets (as the picker lists them), or why nothing was stored.
const assetsReply = z.object({
  assets: z.array(
    z.looseObject({ id: z.number(), contentType: z.string(), markdown: z.string(), thumbUrl: z.string().nullable() }),
  ),
});
const assetsIn = (res: { body: unknown }) => assetsReply.parse(res.body).assets;
const errorIn = (res: { body: unknown }) => z.object({ error: z.string() }).parse(res.body).error;

let t: TestApp;
let dirs: UploadDirs;
let ada: Agent; // admin
let grace: Agent; // author
let linus: Agent; // author

beforeAll(async () => {
  t = await startTestApp({ env: { FOLIO_UPLOAD_MAX_MB: '1' } });
  dirs = uploadDirs(t.config);
  forgetSignInLimiters();
  await cast.ada();
  await cast.grace();
  await cast.linus();
  [ada, grace, linus] = [
    await signedInAgent(t.app, 'ada'),
    await signedInAgent(t.app, 'grace'),
    await signedInAgent(t.app, 'linus'),
  ];
});
afterAll(() => t.close());
// Whatever a test did, nothing may be left in the temp dir once its responses are sent.
afterEach(async () => {
  await waitFor(() => readdirSync(dirs.temp).length === 0, { message: 'the upload temp dir to empty' });
});

/** A multipart upload as the picker sends it (JSON), or as the library form does: the token is a field before the files. */
function upload(
  agent: Agent,
  files: { name: string; data?: Buffer; filename?: string; contentType?: string }[],
  options: { json?: boolean; csrf?: string | null } = {},
) {
  const token = options.csrf === undefined ? agent.csrf() : options.csrf;
  let req = agent.agent.post('/admin/assets');
  if (token !== null) req = req.field('_csrf', token);
  if (options.json !== false) req = req.set('Accept', 'application/json');
  for (const file of files)
    req = req.attach('files', file.data ?? readFileSync(fixture(file.name)), {
      filename: file.filename ?? file.name,
      contentType: file.contentType ?? 'application/octet-stream',
    });
  return req;
}

function storedFiles(): string[] {
  if (!existsSync(dirs.root)) return [];
  return (readdirSync(dirs.root, { recursive: true }) as string[]).filter((name) => /\.\w+$/.test(name)).sort();
}

async function expectNothingStored(before: { rows: number; files: string[] }) {
  expect(await db.asset.count()).toBe(before.rows);
  expect(storedFiles()).toEqual(before.files);
  await waitFor(() => readdirSync(dirs.temp).length === 0, { message: 'the upload temp dir to empty' });
}
const snapshot = async () => ({ rows: await db.asset.count(), files: storedFiles() });

describe('authorisation and CSRF', () => {
  it('sends anonymous visitors to sign in, and refuses an anonymous upload with 401', async () => {
    await request(t.app).get('/admin/assets').expect(303).expect('Location', '/admin/sign-in?next=%2Fadmin%2Fassets');
    await request(t.app).get('/admin/assets.json').expect(303);
    const anonymous = request.agent(t.app);
    const token = csrfFrom((await anonymous.get('/admin/sign-in').expect(200)).text);
    const before = await snapshot();
    await anonymous.post('/admin/assets').field('_csrf', token).attach('files', fixture('sample.png')).expect(401);
    await expectNothingStored(before);
  });

  it('refuses an upload without a valid token with 403, and writes nothing', async () => {
    const before = await snapshot();
    await upload(grace, [{ name: 'sample.png' }], { csrf: null }).expect(403);
    await upload(grace, [{ name: 'sample.png' }], { csrf: 'forged-token' }).expect(403);
    await expectNothingStored(before);
  });

  it('takes the token from the form body, and never from the address', async () => {
    const before = await snapshot();
    const inQuery = await grace.agent
      .post(`/admin/assets?_csrf=${encodeURIComponent(grace.csrf())}`)
      .set('Accept', 'application/json')
      .attach('files', fixture('sample.png'))
      .expect(403);
    expect(errorIn(inQuery)).toContain('This form has expired');
    await expectNothingStored(before);
    // The library form as a browser without scripts sends it: the token field first, then the files.
    const form = await grace.get('/admin/assets');
    expect(form.text).toMatch(
      /<form method="post" action="\/admin\/assets" enctype="multipart\/form-data"[^>]*>\s*(<%#[^>]*>)?\s*<input type="hidden" name="_csrf" value="[^"]+">/,
    );
    await upload(grace, [{ name: 'sample.png', filename: 'form-upload.png' }], { json: false })
      .expect(303)
      .expect('Location', '/admin/assets');
    expect(await db.asset.count({ where: { originalName: 'form-upload.png' } })).toBe(1);
  });

  it('refuses a token that arrives after the files (it is checked before anything is written)', async () => {
    const before = await snapshot();
    await grace.agent
      .post('/admin/assets')
      .set('Accept', 'application/json')
      .attach('files', fixture('sample.png'))
      .field('_csrf', grace.csrf())
      .expect(403);
    await expectNothingStored(before);
  });

  it('puts the token in no URL on any admin page', async () => {
    const article = await ada
      .post('/admin/articles', { title: 'Token hunt', body: 'Text', intent: 'draft' })
      .expect(303);
    const pages = [
      '/admin',
      '/admin/articles',
      '/admin/articles/new',
      article.headers.location as string,
      '/admin/assets',
      '/admin/comments',
      '/admin/pages',
      '/admin/pages/new',
      '/admin/sections',
      '/admin/tags',
      '/admin/themes',
      '/admin/cache',
      '/admin/settings',
      '/admin/users',
      '/admin/users/new',
    ];
    for (const page of pages) {
      const html = (await ada.get(page)).text;
      const token = ada.csrf();
      // The token may appear only as a hidden field's value or the meta tag's content, never in an href, action or src.
      const elsewhere = html
        .replaceAll(`name="_csrf" value="${token}"`, '')
        .replaceAll(`name="csrf-token" content="${token}"`, '');
      expect(elsewhere, page).not.toContain(token);
      expect(elsewhere, page).not.toContain(encodeURIComponent(token));
      expect(html, page).not.toMatch(/[?&](_csrf|csrf|token)=/i);
    }
  });

  it('takes the token from the X-CSRF-Token header, as the picker sends it', async () => {
    const res = await grace.agent
      .post('/admin/assets')
      .set('X-CSRF-Token', grace.csrf())
      .set('Accept', 'application/json')
      .attach('files', fixture('sample.gif'))
      .expect(201);
    expect(assetsIn(res)[0]!.contentType).toBe('image/gif');
  });
});

describe('accepting files by their content', () => {
  it.each([
    ['sample.png', 'image/png', 'png'],
    ['sample.jpg', 'image/jpeg', 'jpg'],
    ['sample.gif', 'image/gif', 'gif'],
    ['sample.webp', 'image/webp', 'webp'],
    ['sample.pdf', 'application/pdf', 'pdf'],
    ['sample.mp3', 'audio/mpeg', 'mp3'],
    ['sample.mp4', 'video/mp4', 'mp4'],
  ])('stores %s as %s under a generated name, whatever the client called it', async (name, contentType, ext) => {
    const res = await upload(grace, [{ name, filename: 'holiday.txt', contentType: 'text/plain' }]).expect(201);
    const described = assetsIn(res)[0]!;
    const asset = await db.asset.findUniqueOrThrow({ where: { id: described.id } });
    const stored = readFileSync(path.join(dirs.root, asset.storedName));
    expect(asset).toMatchObject({ contentType, originalName: 'holiday.txt', byteSize: stored.length });
    expect(asset.storedName).toMatch(new RegExp(`^\\d{4}/\\d{2}/[0-9a-f]{16}\\.${ext}$`));
    if (contentType.startsWith('image/')) {
      // Re-encoded in its own format, same size.
      const original = await sharp(stored).metadata();
      expect([original.format, original.width, original.height]).toEqual([ext === 'jpg' ? 'jpeg' : ext, 400, 300]);
      expect(asset).toMatchObject({ width: 400, height: 300 });
      const thumb = await sharp(path.join(dirs.root, asset.storedName.replace(`.${ext}`, `-thumb.${ext}`))).metadata();
      const medium = await sharp(
        path.join(dirs.root, asset.storedName.replace(`.${ext}`, `-medium.${ext}`)),
      ).metadata();
      expect([thumb.width, thumb.height, thumb.format]).toEqual([200, 150, ext === 'jpg' ? 'jpeg' : ext]);
      expect([medium.width, medium.height]).toEqual([400, 300]); // never enlarged
      expect(described.markdown).toBe(`![holiday](/uploads/${asset.storedName})`);
    } else {
      expect(stored).toEqual(readFileSync(fixture(name)));
      expect(asset.width).toBeNull();
      expect(described.markdown).toBe(`[holiday.txt](/uploads/${asset.storedName})`);
    }
  });

  it('uploads several files at once from the library form, then shows them', async () => {
    const res = await upload(
      grace,
      [
        { name: 'sample.png', filename: 'one.png' },
        { name: 'sample.pdf', filename: 'two.pdf' },
      ],
      { json: false },
    ).expect(303);
    expect(res.headers.location).toBe('/admin/assets');
    const page = await grace.get('/admin/assets');
    expect(page.text).toContain('Uploaded 2 files.');
    expect(page.text).toContain('one.png');
    expect(page.text).toContain('two.pdf');
  });

  it.each([
    ['drawing.svg', 'image/svg+xml', 'could not recognise'],
    ['page.png', 'image/png', 'could not recognise'],
  ])('refuses %s (claimed %s) with 422 and keeps nothing', async (name, claimed, message) => {
    const before = await snapshot();
    const res = await upload(grace, [{ name, contentType: claimed }]).expect(422);
    expect(errorIn(res)).toContain(`“${name}” was refused`);
    expect(errorIn(res)).toContain(message);
    await expectNothingStored(before);
  });

  it('stores nothing from a batch with one bad file, and says which one on the library page', async () => {
    const before = await snapshot();
    const res = await upload(grace, [{ name: 'sample.png' }, { name: 'drawing.svg' }], { json: false }).expect(422);
    expect(res.text).toContain('“drawing.svg” was refused');
    expect(res.text).toContain('<h1>Uploads</h1>');
    await expectNothingStored(before);
  });

  it('refuses a pixel bomb (a tiny PNG claiming 10000×10000) with a clear message', async () => {
    const before = await snapshot();
    const res = await upload(grace, [{ name: 'bomb.png' }]).expect(422);
    expect(errorIn(res)).toMatch(/10,000×10,000 pixels; the limit is 40 megapixels/);
    await expectNothingStored(before);
  });

  it('refuses an empty upload and a request without files', async () => {
    expect(errorIn(await upload(grace, [{ name: 'empty.png', data: Buffer.alloc(0) }]).expect(422))).toContain(
      'it is empty',
    );
    const res = await grace.agent
      .post('/admin/assets')
      .field('_csrf', grace.csrf())
      .set('Accept', 'application/json')
      .field('note', 'no files')
      .expect(422);
    expect(errorIn(res)).toBe('Choose at least one file to upload.');
  });

  it('keeps the client name only as data, escaped on the page', async () => {
    await upload(grace, [{ name: 'sample.png', filename: '<img src=x onerror=alert(1)>.png' }], { json: false }).expect(
      303,
    );
    const page = await grace.get('/admin/assets');
    expect(page.text).toContain('&lt;img src=x onerror=alert(1)&gt;.png');
    expect(page.text).not.toContain('<img src=x');
  });
});

describe('re-encoding images before they are stored', () => {
  async function storedUpload(name: string) {
    const res = await upload(grace, [{ name }]).expect(201);
    const asset = await db.asset.findUniqueOrThrow({ where: { id: assetsIn(res)[0]!.id } });
    const bytes = readFileSync(path.join(dirs.root, asset.storedName));
    return {
      asset,
      bytes,
      metadata: await sharp(bytes).metadata(),
      served: (await request(t.app).get(`/uploads/${asset.storedName}`).expect(200)).body as Buffer,
    };
  }
  const sent = (name: string) => readFileSync(fixture(name));

  it('drops EXIF, GPS and a `<?php` comment from a JPEG, and stores it upright', async () => {
    const before = await sharp(fixture('exif-gps-php.jpg')).metadata();
    expect([before.exif?.length ?? 0, before.orientation, sent('exif-gps-php.jpg').includes('<?php')]).toEqual([
      expect.any(Number),
      6,
      true,
    ]);
    expect(before.exif!.length).toBeGreaterThan(0);
    const { asset, bytes, metadata, served } = await storedUpload('exif-gps-php.jpg');
    expect(bytes.includes('<?php')).toBe(false);
    expect(bytes.includes('FolioCam')).toBe(false);
    expect([
      metadata.format,
      metadata.exif,
      metadata.xmp,
      metadata.iptc,
      metadata.comments,
      metadata.orientation,
    ]).toEqual(['jpeg', undefined, undefined, undefined, undefined, undefined]);
    // Auto-oriented before the EXIF went: displayed 300×400, as it was.
    expect([metadata.width, metadata.height, asset.width, asset.height]).toEqual([300, 400, 300, 400]);
    expect(served).toEqual(bytes);
  });

  it('drops HTML appended to a PNG', async () => {
    expect(sent('html-appended.png').includes('<script>')).toBe(true);
    const { bytes, metadata } = await storedUpload('html-appended.png');
    expect(bytes.includes('<script>')).toBe(false);
    expect(bytes.includes('<html')).toBe(false);
    // Nothing after the IEND chunk (its 4-byte CRC ends the file).
    expect(bytes.indexOf('IEND')).toBe(bytes.length - 8);
    expect([metadata.format, metadata.width, metadata.height]).toEqual(['png', 400, 300]);
  });

  it('drops a ZIP appended to a GIF', async () => {
    expect(sent('zip-appended.gif').includes('PK\x03\x04')).toBe(true);
    const { bytes, metadata } = await storedUpload('zip-appended.gif');
    expect(bytes.includes('PK\x03\x04')).toBe(false);
    expect(bytes.includes('<?php')).toBe(false);
    expect(bytes.at(-1)).toBe(0x3b); // the GIF trailer ends the file
    expect([metadata.format, metadata.width, metadata.height]).toEqual(['gif', 400, 300]);
  });

  it('keeps every frame of an animated GIF', async () => {
    const { metadata } = await storedUpload('animated.gif');
    expect([metadata.format, metadata.width, metadata.height, metadata.pages, metadata.delay]).toEqual([
      'gif',
      50,
      40,
      3,
      [200, 200, 200],
    ]);
  });
});

describe('limits', () => {
  it('refuses a file over the size limit with 413 (JSON and page) and leaves nothing behind', async () => {
    const before = await snapshot();
    const big = Buffer.concat([readFileSync(fixture('sample.png')), Buffer.alloc(1024 * 1024)]);
    const res = await upload(grace, [{ name: 'sample.png', filename: 'big.png', data: big }]).expect(413);
    expect(errorIn(res)).toBe('“big.png” is larger than the 1 MB limit. Nothing was uploaded.');
    const page = await upload(grace, [{ name: 'sample.png' }, { name: 'sample.png', filename: 'big.png', data: big }], {
      json: false,
    }).expect(413);
    expect(page.text).toContain('is larger than the 1 MB limit');
    await expectNothingStored(before);
  });

  it('refuses more than 10 files in one request with 413', async () => {
    const before = await snapshot();
    const res = await upload(
      grace,
      Array.from({ length: 11 }, (_, i) => ({ name: 'sample.gif', filename: `${i}.gif` })),
    ).expect(413);
    expect(errorIn(res)).toBe('Upload at most 10 files at a time. Nothing was uploaded.');
    await expectNothingStored(before);
  });

  it('refuses files sent under another field name', async () => {
    const res = await grace.agent
      .post('/admin/assets')
      .field('_csrf', grace.csrf())
      .set('Accept', 'application/json')
      .attach('avatar', fixture('sample.png'))
      .expect(422);
    expect(errorIn(res)).toContain('“files” field');
  });

  it('leaves no temp file behind when the client goes away mid-upload', async () => {
    const before = await snapshot();
    const session = await rawSession('grace');
    const server = t.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const socket = net.connect((server.address() as AddressInfo).port, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(
        [
          'POST /admin/assets HTTP/1.1',
          'Host: 127.0.0.1',
          `Cookie: ${session.cookie}`,
          'Content-Type: multipart/form-data; boundary=folio-boundary',
          'Content-Length: 900000',
          'Accept: application/json',
          '',
          '',
        ].join('\r\n'),
      );
      socket.write(`--folio-boundary\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${session.csrf}\r\n`);
      socket.write(
        '--folio-boundary\r\nContent-Disposition: form-data; name="files"; filename="partial.png"\r\nContent-Type: image/png\r\n\r\n',
      );
      socket.write(readFileSync(fixture('sample.png')));
      socket.write(Buffer.alloc(256 * 1024, 7));
      await waitFor(() => readdirSync(dirs.temp).length > 0, { message: 'an upload in the temp dir' });
      socket.destroy();
      await waitFor(() => readdirSync(dirs.temp).length === 0, { message: 'the upload temp dir to empty' });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    await expectNothingStored(before);
  });
});

describe('the library, the picker JSON and deletion', () => {
  let graceAsset: { id: number; storedName: string };
  beforeAll(async () => {
    const res = await upload(grace, [{ name: 'sample.png', filename: 'grace-only-sunset.png' }]).expect(201);
    graceAsset = await db.asset.findUniqueOrThrow({ where: { id: assetsIn(res)[0]!.id } });
  });

  it('shows an author only their own uploads; an admin sees everyone’s with the uploader', async () => {
    expect((await grace.get('/admin/assets?q=sunset')).text).toContain('grace-only-sunset.png');
    expect((await linus.get('/admin/assets?q=sunset')).text).not.toContain('grace-only-sunset.png');
    const admin = await ada.get('/admin/assets?q=sunset');
    expect(admin.text).toContain('grace-only-sunset.png');
    expect(admin.text).toContain('Grace');
  });

  it('answers the picker with JSON: search, own uploads only, ready-made Markdown', async () => {
    const res = await grace.agent.get('/admin/assets.json?q=SUNSET').expect(200).expect('Content-Type', /json/);
    expect(assetsIn(res)).toHaveLength(1);
    expect(assetsIn(res)[0]).toMatchObject({
      originalName: 'grace-only-sunset.png',
      kind: 'image',
      url: `/uploads/${graceAsset.storedName}`,
      markdown: `![grace-only-sunset](/uploads/${graceAsset.storedName})`,
    });
    expect(assetsIn(res)[0]!.thumbUrl).toMatch(/-thumb\.png$/);
    expect(assetsIn(await linus.agent.get('/admin/assets.json?q=sunset').expect(200))).toEqual([]);
    const all = await grace.agent.get('/admin/assets.json').expect(200);
    expect(assetsIn(all).length).toBeGreaterThan(1);
    expect(assetsIn(all).every((a: { id: number }) => typeof a.id === 'number')).toBe(true);
  });

  it('paginates the library, keeping the search in the links', async () => {
    const owner = await db.user.findUniqueOrThrow({ where: { login: 'grace' } });
    const files = Array.from({ length: 25 }, (_, i) => {
      const copy = path.join(dirs.temp, `seed-${i}`);
      copyFileSync(fixture('sample.pdf'), copy);
      return { path: copy, originalName: `report-${i}.pdf`, size: statSync(copy).size };
    });
    await storeUploads(files, owner, dirs);
    const first = await grace.get('/admin/assets?q=report');
    expect(first.text).toContain('Page 1 of 2');
    expect(first.text).toContain('href="/admin/assets?q=report&amp;page=2"');
    expect(first.text).toContain('report-24.pdf');
    const second = await grace.get('/admin/assets?q=report&page=2');
    expect(second.text).toContain('report-0.pdf');
    expect(second.text).toContain('href="/admin/assets?q=report"');
    await grace.get('/admin/assets?q=report&page=3', 404);
  });

  it('hides another author’s asset (404) and keeps its files', async () => {
    await linus.get(`/admin/assets/${graceAsset.id}/deletion`, 404);
    await linus.post(`/admin/assets/${graceAsset.id}/deletion`).expect(404);
    expect(existsSync(path.join(dirs.root, graceAsset.storedName))).toBe(true);
    await grace.get('/admin/assets/abc/deletion', 404);
  });

  it('refuses a deletion without the CSRF token', async () => {
    await grace.agent.post(`/admin/assets/${graceAsset.id}/deletion`).type('form').send({}).expect(403);
    expect(await db.asset.count({ where: { id: graceAsset.id } })).toBe(1);
  });

  it('asks first, then deletes the row and every file, and announces it', async () => {
    const changes: RecordChange[] = [];
    const stop = onChange((change) => void changes.push(change));
    try {
      const confirm = await grace.get(`/admin/assets/${graceAsset.id}/deletion`);
      expect(confirm.text).toContain('Delete an upload?');
      expect(confirm.text).toContain('grace-only-sunset.png');
      await grace.post(`/admin/assets/${graceAsset.id}/deletion`).expect(303).expect('Location', '/admin/assets');
    } finally {
      stop();
    }
    expect(changes).toEqual([{ type: 'asset', id: graceAsset.id }]);
    expect(await db.asset.count({ where: { id: graceAsset.id } })).toBe(0);
    for (const suffix of ['', '-thumb', '-medium'])
      expect(existsSync(path.join(dirs.root, graceAsset.storedName.replace('.png', `${suffix}.png`)))).toBe(false);
    await request(t.app).get(`/uploads/${graceAsset.storedName}`).expect(404);
    expect((await grace.get('/admin/assets')).text).toContain('Deleted “grace-only-sunset.png”.');
  });

  it('lets an admin delete anyone’s upload', async () => {
    const res = await upload(linus, [{ name: 'sample.pdf', filename: 'linus.pdf' }]).expect(201);
    await ada.get(`/admin/assets/${assetsIn(res)[0]!.id}/deletion`);
    await ada.post(`/admin/assets/${assetsIn(res)[0]!.id}/deletion`).expect(303);
    expect(await db.asset.count({ where: { id: assetsIn(res)[0]!.id } })).toBe(0);
  });

  it('announces each stored upload', async () => {
    const changes: RecordChange[] = [];
    const stop = onChange((change) => void changes.push(change));
    try {
      const res = await upload(grace, [{ name: 'sample.mp3' }, { name: 'sample.mp4' }]).expect(201);
      expect(changes).toEqual(assetsIn(res).map((a: { id: number }) => ({ type: 'asset', id: a.id })));
    } finally {
      stop();
    }
  });
});

/** A signed-in session usable from a raw socket: its cookie and CSRF token. */
async function rawSession(login: string) {
  const page = await request(t.app).get('/admin/sign-in').expect(200);
  const first = String(page.headers['set-cookie']).split(';')[0]!;
  const signedIn = await request(t.app)
    .post('/admin/sign-in')
    .set('Cookie', first)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), login, password: testPassword })
    .expect(303);
  const cookie = String(signedIn.headers['set-cookie']).split(';')[0]!;
  const dashboard = await request(t.app).get('/admin').set('Cookie', cookie).expect(200);
  return { cookie, csrf: csrfFrom(dashboard.text) };
}
