import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { startTestApp, testBaseUrl, type TestApp } from '#test/support/app.ts';
import { createArticle, createPage, createSection, changeSettings } from '#test/fixtures/factories.ts';
import { db } from '#app/models/db.ts';

/** The addresses a sitemap lists (one <url> parses as an object, several as an array). */
function sitemapLocations(xml: string): string[] {
  const url = z.looseObject({ loc: z.string() });
  const sitemap = z.object({ urlset: z.object({ url: z.union([url, z.array(url)]) }) });
  return [sitemap.parse(new XMLParser().parse(xml)).urlset.url].flat().map((u) => u.loc);
}

describe('sitemap, robots, errors and themes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await createArticle({ title: 'Mapped', publishedAt: new Date('2024-05-05T10:00:00Z') });
    await createArticle({ title: 'Unmapped draft', state: 'draft' });
    await createPage({ title: 'Colophon' });
    await createSection({ name: 'Essays' });
  });
  afterAll(() => t.close());

  it('lists visible articles, pages and sections in /sitemap.xml with absolute URLs', async () => {
    const res = await request(t.app).get('/sitemap.xml').expect(200).expect('Content-Type', /xml/);
    expect(XMLValidator.validate(res.text)).toBe(true);
    const locs = sitemapLocations(res.text);
    expect(locs).toEqual(
      expect.arrayContaining([
        `${testBaseUrl}/`,
        `${testBaseUrl}/2024/05/05/mapped`,
        `${testBaseUrl}/pages/colophon`,
        `${testBaseUrl}/section/essays`,
      ]),
    );
    expect(res.text).not.toContain('unmapped-draft');
  });

  it.each(['default', 'minimal'])(
    'serves a real favicon and links it from every page of the %s theme',
    async (theme) => {
      const ico = await request(t.app)
        .get('/favicon.ico')
        .buffer(true)
        .expect(200)
        .expect('Content-Type', /^image\/(vnd\.microsoft\.icon|x-icon)/);
      const body = ico.body as Buffer;
      // An ICONDIR header (reserved 0, type 1 = icon) with at least one image, the first a PNG.
      expect([body.readUInt16LE(0), body.readUInt16LE(2)]).toEqual([0, 1]);
      expect(body.readUInt16LE(4)).toBeGreaterThan(0);
      expect(body.subarray(body.readUInt32LE(6 + 12), body.readUInt32LE(6 + 12) + 4).toString('latin1')).toBe(
        '\x89PNG',
      );
      await request(t.app)
        .get('/favicon.svg')
        .expect(200)
        .expect('Content-Type', /image\/svg\+xml/);
      await changeSettings({ theme });
      try {
        for (const path of ['/', '/2024/05/05/mapped', '/no/such/page']) {
          const page = await request(t.app).get(path);
          expect(page.text).toContain('<link rel="icon" href="/favicon.ico"');
          expect(page.text).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml">');
        }
      } finally {
        await changeSettings({ theme: 'default' });
      }
    },
  );

  it('lists a page a section shows once, at the section’s address, which the page names as canonical', async () => {
    const about = await createPage({ title: 'About', slug: 'about' });
    await createSection({ name: 'About', slug: 'about', style: 'page', pageId: about.id, position: 5 });
    const res = await request(t.app).get('/sitemap.xml').expect(200);
    const locs = sitemapLocations(res.text);
    expect(locs.filter((loc) => loc.endsWith('/about'))).toEqual([`${testBaseUrl}/section/about`]);
    expect(new Set(locs).size).toBe(locs.length);
    expect(locs).toContain(`${testBaseUrl}/pages/colophon`);
    const page = await request(t.app).get('/pages/about').expect(200);
    expect(page.text).toContain(`<link rel="canonical" href="${testBaseUrl}/section/about">`);
    const section = await request(t.app).get('/section/about').expect(200);
    expect(section.text).toContain(`<link rel="canonical" href="${testBaseUrl}/section/about">`);
  });

  it('serves robots.txt pointing at the sitemap', async () => {
    const res = await request(t.app)
      .get('/robots.txt')
      .expect(200)
      .expect('Content-Type', /text\/plain/);
    expect(res.text).toContain(`Sitemap: ${testBaseUrl}/sitemap.xml`);
    expect(res.text).toContain('Disallow: /admin');
  });

  it('answers unknown paths with the theme’s 404 page', async () => {
    const res = await request(t.app).get('/no/such/thing/here/at/all').expect(404).expect('Content-Type', /html/);
    expect(res.text).toContain('class="error-page"');
    expect(res.text).toContain('There is nothing at this address.');
    expect(res.text).toContain('<link rel="stylesheet"');
  });

  it('refuses an oversized URL with 414 and malformed percent-encoding with 400', async () => {
    const long = await request(t.app)
      .get(`/search?q=${'a'.repeat(3000)}`)
      .expect(414);
    expect(long.text).toContain('longer than 2048 characters');
    const bad = await request(t.app).get('/tag/%E0%A4%A').expect(400);
    expect(bad.text).toContain('malformed percent-encoding');
  });

  it('answers a POST to a read-only page with 404, not 500', async () => {
    await request(t.app).post('/').type('form').send({ a: 'b' }).expect(404);
  });

  it('serves theme assets with long cache headers, and refuses unknown themes and traversal', async () => {
    const home = await request(t.app).get('/').expect(200);
    const css = /href="(\/themes\/default\/assets\/style\.css\?v=\w+)"/.exec(home.text)?.[1];
    expect(css).toBeTruthy();
    const res = await request(t.app).get(css!).expect(200).expect('Content-Type', /css/);
    expect(res.headers['cache-control']).toMatch(/max-age=31536000.*immutable/);
    await request(t.app).get('/themes/nope/assets/style.css').expect(404);
    await request(t.app).get('/themes/default/assets/..%2Ftheme.json').expect(404);
    await request(t.app).get('/themes/default/assets/%2e%2e/%2e%2e/package.json').expect(404);
  });

  it('switches the theme: minimal overrides the layout and the article page, and inherits the rest', async () => {
    await changeSettings({ theme: 'minimal' });
    try {
      const home = await request(t.app).get('/').expect(200);
      expect(home.text).toContain('class="theme-minimal"');
      expect(home.text).toContain('/themes/minimal/assets/minimal.css');
      expect(home.text).toContain('class="summary h-entry"');
      const article = await request(t.app).get('/2024/05/05/mapped').expect(200);
      expect(article.text).toContain('<p class="meta">');
      const missing = await request(t.app).get('/nope').expect(404);
      expect(missing.text).toContain('class="theme-minimal"');
    } finally {
      await changeSettings({ theme: 'default' });
    }
  });

  it('refuses a theme that is not installed', async () => {
    await expect(changeSettings({ theme: '../../etc' })).rejects.toThrow(/No installed theme/);
  });

  it('falls back to the default theme if settings name a theme that was removed', async () => {
    await db.setting.update({ where: { id: 1 }, data: { theme: 'removed-theme' } });
    (await import('#app/models/settings.ts')).forgetSettings();
    const res = await request(t.app).get('/').expect(200);
    expect(res.text).toContain('/themes/default/assets/style.css');
    await changeSettings({ theme: 'default' });
  });
});
