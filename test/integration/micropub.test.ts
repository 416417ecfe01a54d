/**
 * Micropub against a real `folio serve`, with plain HTTP requests written
 * from the W3C Micropub spec's examples (Node's fetch; FormData for
 * multipart), checking what readers then get from the same server, its page
 * cache included.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { runFolio, startServer } from '#test/support/cli.ts';
import { freePort } from '#test/support/ports.ts';
import { connectDatabase, db, disconnectDatabase } from '#app/models/db.ts';
import { createAppPassword } from '#app/models/app-password.ts';
import { serverDatabase, type ServerDatabase } from '#test/support/server-database.ts';

describe('Micropub through a running server', () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof startServer>>;
  let base: string;
  let token: string;
  let database: ServerDatabase;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'folio-micropub-'));
    const data = path.join(dir, 'data');
    database = await serverDatabase(data);
    const created = await runFolio(
      ['user:create', '--login', 'ada', '--role', 'admin', '--email', 'ada@example.com'],
      { FOLIO_DATA_DIR: data, ...database.env },
      'a long passphrase for micropub\n',
    );
    expect(created.code).toBe(0);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = await startServer({ FOLIO_DATA_DIR: data, ...database.env, PORT: String(port), BASE_URL: base });
    // The application password, made through the model as the admin's page makes it.
    await connectDatabase(database.url);
    const ada = await db.user.findUniqueOrThrow({ where: { login: 'ada' } });
    token = (await createAppPassword(ada.id, 'Integration test')).secret;
  });
  afterAll(async () => {
    await disconnectDatabase();
    await server?.stop();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const auth = () => ({ Authorization: `Bearer ${token}` });
  const micropub = (body: BodyInit, headers: Record<string, string> = {}) =>
    fetch(`${base}/micropub`, { method: 'POST', headers: { ...auth(), ...headers }, body, redirect: 'manual' });
  const json = (value: unknown) => micropub(JSON.stringify(value), { 'Content-Type': 'application/json' });
  const page = async (url: string) => {
    const res = await fetch(url);
    return { status: res.status, text: await res.text() };
  };

  it('discovers the endpoint from the home page and answers q=config', async () => {
    const home = await page(`${base}/`);
    expect(home.text).toContain(`<link rel="micropub" href="${base}/micropub"`);
    const res = await fetch(`${base}/micropub?q=config`, { headers: auth() });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ 'media-endpoint': `${base}/micropub/media`, 'syndicate-to': [] });
    expect((await fetch(`${base}/micropub?q=config`)).status).toBe(401);
  });

  it('creates from a form (the spec’s first example) and shows it on the home page and its tag page', async () => {
    const home = await page(`${base}/`); // cached now: the create must expire it
    expect(home.status).toBe(200);
    const res = await micropub(new URLSearchParams('h=entry&content=Hello+World&category[]=foo&category[]=bar'));
    expect(res.status).toBe(201);
    const location = res.headers.get('location')!;
    expect(location.startsWith(`${base}/`)).toBe(true);
    expect((await page(location)).text).toContain('Hello World');
    expect((await page(`${base}/`)).text).toContain('Hello World');
    expect((await page(`${base}/tag/foo`)).text).toContain('Hello World');
  });

  it('creates from JSON with HTML content, sanitised', async () => {
    const res = await json({
      type: ['h-entry'],
      properties: {
        name: ['JSON entry'],
        content: [{ html: '<p>This post has <b>bold</b> and <i>italic</i> text.</p><script>x()</script>' }],
        category: ['json'],
      },
    });
    expect(res.status).toBe(201);
    const article = await page(res.headers.get('location')!);
    expect(article.text).toContain('<b>bold</b>');
    expect(article.text).not.toContain('<script>x()');
  });

  it('creates from multipart with a photo file, re-encoded and served', async () => {
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3366cc' } })
      .png()
      .toBuffer();
    const form = new FormData();
    form.append('h', 'entry');
    form.append('content', 'Nice sunset tonight');
    form.append('photo', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'sunset.png');
    const res = await micropub(form);
    expect(res.status).toBe(201);
    const article = await page(res.headers.get('location')!);
    const src = /src="(\/uploads\/[^"]+\.png)"/.exec(article.text)?.[1];
    expect(src).toBeDefined();
    const image = await fetch(`${base}${src}`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect((await sharp(Buffer.from(await image.arrayBuffer())).metadata()).width).toBe(64);

    const mediaForm = new FormData();
    mediaForm.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'media.png');
    const media = await fetch(`${base}/micropub/media`, { method: 'POST', headers: auth(), body: mediaForm });
    expect(media.status).toBe(201);
    expect((await fetch(media.headers.get('location')!)).status).toBe(200);
  });

  it('updates (replace, add, delete), answers q=source, deletes and undeletes', async () => {
    const created = await json({
      type: ['h-entry'],
      properties: { name: ['Editable'], content: ['First text'], category: ['foo', 'bar'] },
    });
    const url = created.headers.get('location')!;
    const replace = await json({ action: 'update', url, replace: { content: ['hello moon'] } });
    expect(replace.status).toBe(204);
    expect((await page(url)).text).toContain('hello moon');
    expect((await json({ action: 'update', url, add: { category: ['indieweb'] } })).status).toBe(204);
    expect((await json({ action: 'update', url, delete: { category: ['foo'] } })).status).toBe(204);
    expect((await page(`${base}/tag/indieweb`)).text).toContain('Editable');
    expect((await page(`${base}/tag/foo`)).text).not.toContain('Editable');
    expect((await json({ action: 'update', url, delete: ['category'] })).status).toBe(204);

    const source = await fetch(`${base}/micropub?q=source&url=${encodeURIComponent(url)}`, { headers: auth() });
    expect(await source.json()).toMatchObject({
      type: ['h-entry'],
      properties: { name: ['Editable'], content: ['hello moon'], category: [] },
    });

    expect((await micropub(new URLSearchParams({ action: 'delete', url }))).status).toBe(204);
    expect((await page(url)).status).toBe(404);
    expect((await page(`${base}/`)).text).not.toContain('Editable');
    expect((await page(`${base}/articles.atom`)).text).not.toContain('Editable');
    expect((await micropub(new URLSearchParams({ action: 'undelete', url }))).status).toBe(204);
    expect((await page(url)).text).toContain('hello moon');
    expect((await page(`${base}/`)).text).toContain('Editable');
  });

  it('refuses another site’s URL and a bad token with the spec’s errors', async () => {
    const other = await json({ action: 'delete', url: 'https://example.com/2020/01/01/post' });
    expect(other.status).toBe(400);
    expect(await other.json()).toMatchObject({ error: 'invalid_request' });
    const bad = await fetch(`${base}/micropub`, {
      method: 'POST',
      headers: { Authorization: 'Bearer not-a-token' },
      body: new URLSearchParams('h=entry&content=x'),
    });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ error: 'unauthorized' });
  });
});
