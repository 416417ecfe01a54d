import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { signedInAgent, type SignedInAgent } from '#test/support/admin.ts';
import * as cast from '#test/fixtures/cast.ts';
import { createArticle } from '#test/fixtures/factories.ts';
import { storeFixture } from '#test/support/uploads.ts';
import { parseHtml, attr } from '#test/support/html.ts';
import { db, type User } from '#app/models/db.ts';
import type { Upload } from '#app/models/upload.ts';
import { articlePath } from '#app/helpers/permalinks.ts';
import { pageCacheOf, type PageCache } from '#app/page-cache/index.ts';
import { cacheFileFor } from '#app/page-cache/paths.ts';

describe('admin: an article’s cover and the default image for link previews', () => {
  let t: TestApp;
  let grace: User;
  let asGrace: SignedInAgent;
  let asAda: SignedInAgent;
  let image: Upload;
  let other: Upload;
  let pdf: Upload;
  let cache: PageCache;
  const fields = (title: string, extra: Record<string, string> = {}) => ({
    title,
    body: `Body of ${title}`,
    textFilter: 'markdown',
    allowComments: '1',
    publishedAt: '',
    ...extra,
  });

  beforeAll(async () => {
    t = await startTestApp();
    cache = pageCacheOf(t.app)!;
    const ada = await cast.ada();
    grace = await cast.grace();
    asGrace = await signedInAgent(t.app, 'grace');
    asAda = await signedInAgent(t.app, 'ada');
    image = await storeFixture(t.config, grace, 'sample.png');
    other = await storeFixture(t.config, grace, 'sample.webp');
    pdf = await storeFixture(t.config, grace, 'sample.pdf');
    await storeFixture(t.config, ada, 'sample.gif'); // ada's: not offered to grace
  });
  afterAll(() => t.close());

  it('offers the author’s images in a select that works without scripts, and the picker in choosing mode', async () => {
    const page = parseHtml((await asGrace.get('/admin/articles/new')).text);
    const select = page.elements.find((e) => e.tagName === 'select' && attr(e, 'name') === 'coverAssetId')!;
    const options = page.elements.filter((e) => e.tagName === 'option' && e.parentNode === select);
    expect(options.map((o) => attr(o, 'value'))).toEqual(['', String(other.id), String(image.id)]);
    expect(page.elements.some((e) => attr(e, 'data-pick-into') === `#${attr(select, 'id')}`)).toBe(true);
    expect(page.find('script').map((s) => attr(s, 'src'))).toContain('/admin/image-choice.js');
  });

  it('saves a cover, shows it selected with its thumbnail, changes and removes it', async () => {
    const created = await asGrace
      .post('/admin/articles', { ...fields('With cover'), coverAssetId: String(image.id), intent: 'publish' })
      .expect(303);
    const article = await db.article.findFirstOrThrow({ where: { title: 'With cover' } });
    expect(created.headers.location).toBe(`/admin/articles/${article.id}/edit`);
    expect(article.coverAssetId).toBe(image.id);
    expect(article.wordCount).toBe(4); // "Body of With cover"

    const editor = parseHtml((await asGrace.get(`/admin/articles/${article.id}/edit`)).text);
    const selected = editor.elements.find(
      (e) => e.tagName === 'option' && attr(e, 'selected') !== undefined && attr(e, 'value') === String(image.id),
    );
    expect(selected).toBeDefined();
    const thumb = editor.find('img', 'image-choice-thumb')[0]!;
    expect(attr(thumb, 'hidden')).toBeUndefined();
    expect(attr(thumb, 'src')).toMatch(/-thumb\.png$/);

    await asGrace
      .post(`/admin/articles/${article.id}`, {
        ...fields('With cover'),
        coverAssetId: String(other.id),
        intent: 'publish',
      })
      .expect(303);
    expect((await db.article.findUniqueOrThrow({ where: { id: article.id } })).coverAssetId).toBe(other.id);
    // A form without the field (an older editor) keeps the cover.
    await asGrace.post(`/admin/articles/${article.id}`, { ...fields('With cover'), intent: 'publish' }).expect(303);
    expect((await db.article.findUniqueOrThrow({ where: { id: article.id } })).coverAssetId).toBe(other.id);
    await asGrace
      .post(`/admin/articles/${article.id}`, { ...fields('With cover'), coverAssetId: '', intent: 'publish' })
      .expect(303);
    expect((await db.article.findUniqueOrThrow({ where: { id: article.id } })).coverAssetId).toBeNull();
  });

  it.each([
    ['a PDF', () => String(pdf.id)],
    ['a missing upload', () => '999999'],
    ['not an id', () => 'abc'],
  ])('refuses %s as the cover with a 422 that keeps the typed values', async (_, value) => {
    const res = await asGrace
      .post('/admin/articles', { ...fields('Bad cover'), coverAssetId: value(), intent: 'draft' })
      .expect(422);
    expect(res.text).toContain('Choose an image from the library.');
    expect(res.text).toContain('value="Bad cover"');
    expect(await db.article.count({ where: { title: 'Bad cover' } })).toBe(0);
  });

  it('shows the chosen cover in the preview', async () => {
    const res = await asGrace
      .post('/admin/articles/preview', { ...fields('Previewed'), coverAssetId: String(image.id) })
      .expect(200);
    const img = parseHtml(res.text).find('img', 'cover-image')[0];
    expect(attr(img!, 'src')).toBe(`/uploads/${image.storedName}`);
  });

  it('expires the cached pages when the cover changes, and when its upload is deleted', async () => {
    const article = await createArticle({ author: grace, title: 'Cached cover', coverAssetId: image.id });
    const paths = ['/', articlePath(article)];
    const fileOf = (urlPath: string) => path.join(cache.root, cacheFileFor(urlPath)!);
    const warm = async () => {
      for (const p of paths) await request(t.app).get(p).expect(200);
      await cache.idle();
      for (const p of paths) expect(existsSync(fileOf(p)), p).toBe(true);
    };
    await warm();
    await asGrace
      .post(`/admin/articles/${article.id}`, {
        ...fields('Cached cover'),
        slug: article.slug,
        coverAssetId: String(other.id),
        intent: 'publish',
      })
      .expect(303);
    for (const p of paths) expect(existsSync(fileOf(p)), p).toBe(false);
    await warm();
    const before = await db.article.findUniqueOrThrow({ where: { id: article.id } });

    const deletion = await asGrace.get(`/admin/assets/${other.id}/deletion`);
    expect(deletion.text).toContain('Cached cover'); // named as a place the file is used
    await asGrace.post(`/admin/assets/${other.id}/deletion`).expect(303);
    const after = await db.article.findUniqueOrThrow({ where: { id: article.id } });
    expect(after.coverAssetId).toBeNull();
    expect(after.updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime());
    for (const p of paths) expect(existsSync(fileOf(p)), p).toBe(false);
    const page = parseHtml((await request(t.app).get(articlePath(article)).expect(200)).text);
    expect(page.find('img', 'cover-image')).toEqual([]);
  });

  describe('settings: the default image', () => {
    it('saves, shows and removes it; a reader’s page uses it', async () => {
      const form = parseHtml((await asAda.get('/admin/settings')).text);
      expect(form.elements.some((e) => e.tagName === 'select' && attr(e, 'name') === 'defaultImageAssetId')).toBe(true);
      const current = await db.setting.findUniqueOrThrow({ where: { id: 1 } });
      const base = {
        blogTitle: current.blogTitle,
        subtitle: current.subtitle,
        articlesPerPage: String(current.articlesPerPage),
        timeZone: current.timeZone,
        commentPolicy: current.commentPolicy,
        commentsCloseAfterDays: String(current.commentsCloseAfterDays),
      };
      await asAda.post('/admin/settings', { ...base, defaultImageAssetId: String(image.id) }).expect(303);
      expect((await db.setting.findUniqueOrThrow({ where: { id: 1 } })).defaultImageAssetId).toBe(image.id);
      const home = parseHtml((await request(t.app).get('/').expect(200)).text);
      expect(home.metaOne('og:image')).toMatch(new RegExp(`/uploads/${image.storedName}$`));

      for (const bad of [String(pdf.id), '999999', 'x'])
        expect((await asAda.post('/admin/settings', { ...base, defaultImageAssetId: bad }).expect(422)).text).toContain(
          'Choose an image from the library.',
        );
      expect((await db.setting.findUniqueOrThrow({ where: { id: 1 } })).defaultImageAssetId).toBe(image.id);

      await asAda.post('/admin/settings', { ...base, defaultImageAssetId: '' }).expect(303);
      expect((await db.setting.findUniqueOrThrow({ where: { id: 1 } })).defaultImageAssetId).toBeNull();
      const bare = parseHtml((await request(t.app).get('/').expect(200)).text);
      expect(bare.meta('og:image')).toEqual([]);
    });

    it('drops the default image, and every cached page that showed it, when its upload is deleted', async () => {
      const upload = await storeFixture(t.config, grace, 'sample.jpg');
      const current = await db.setting.findUniqueOrThrow({ where: { id: 1 } });
      await asAda
        .post('/admin/settings', {
          blogTitle: current.blogTitle,
          subtitle: current.subtitle,
          articlesPerPage: String(current.articlesPerPage),
          timeZone: current.timeZone,
          commentPolicy: current.commentPolicy,
          commentsCloseAfterDays: String(current.commentsCloseAfterDays),
          defaultImageAssetId: String(upload.id),
        })
        .expect(303);
      await request(t.app).get('/').expect(200);
      await cache.idle();
      expect(existsSync(path.join(cache.root, cacheFileFor('/')!))).toBe(true);
      await asAda.post(`/admin/assets/${upload.id}/deletion`).expect(303);
      expect(existsSync(path.join(cache.root, cacheFileFor('/')!))).toBe(false);
      const home = parseHtml((await request(t.app).get('/').expect(200)).text);
      expect(home.meta('og:image')).toEqual([]);
    });
  });
});
