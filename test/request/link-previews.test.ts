import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { startTestApp, testBaseUrl, type TestApp } from '#test/support/app.ts';
import { createArticle, createPage, createUser, changeSettings } from '#test/fixtures/factories.ts';
import { capturedLog } from '#test/support/log.ts';
import { storeFixture } from '#test/support/uploads.ts';
import { parseHtml, attr, textOf, type ParsedPage } from '#test/support/html.ts';
import { articlePath, authorPath } from '#app/helpers/permalinks.ts';
import type { Upload } from '#app/models/upload.ts';
import type { Article, User } from '#app/models/db.ts';

/** Link previews (OpenGraph, Twitter card, JSON-LD), covers and reading time, as a crawler and a reader see them. */
describe.each(['default', 'minimal'])('link previews in the %s theme', (theme) => {
  let t: TestApp;
  let author: User;
  let cover: Upload;
  let fallback: Upload;
  const log = capturedLog();

  beforeAll(async () => {
    t = await startTestApp({ logger: log.logger });
    author = await createUser({ login: 'writer', displayName: 'Wri Ter' });
    cover = await storeFixture(t.config, author, 'sample.png');
    fallback = await storeFixture(t.config, author, 'sample.jpg');
    await changeSettings({ theme, blogTitle: 'Open Notes', subtitle: 'Notes in the open' });
  });
  afterAll(() => t.close());

  async function page(path: string): Promise<ParsedPage> {
    const res = await request(t.app).get(path);
    if (res.status !== 200) console.log(JSON.stringify(log.errors(), null, 1).slice(0, 3000));
    expect(res.status).toBe(200);
    return parseHtml(res.text);
  }
  const url = (path: string) => testBaseUrl + path;
  const withDefault = (id: number | null) => changeSettings({ defaultImageAssetId: id });

  describe('an article with a cover', () => {
    let article: Article;
    let html: ParsedPage;

    beforeAll(async () => {
      await withDefault(fallback.id);
      article = await createArticle({
        title: 'Covered',
        excerpt: 'The *excerpt* says it all.',
        bodySource: 'First paragraph.\n\nSecond.',
        tags: 'Open Web, Previews',
        coverAssetId: cover.id,
        author,
      });
      html = await page(articlePath(article));
    });

    it('describes the article for OpenGraph with the cover as image', () => {
      expect(html.metaOne('og:site_name')).toBe('Open Notes');
      expect(html.metaOne('og:type')).toBe('article');
      expect(html.metaOne('og:title')).toBe('Covered');
      expect(html.metaOne('og:description')).toBe('The excerpt says it all.');
      expect(html.metaOne('og:url')).toBe(url(articlePath(article)));
      expect(html.metaOne('og:image')).toBe(url(`/uploads/${cover.storedName}`));
      expect(html.metaOne('og:image:width')).toBe(String(cover.width));
      expect(html.metaOne('og:image:height')).toBe(String(cover.height));
      expect(html.metaOne('og:image:alt')).toBe('Covered');
      expect(html.metaOne('article:published_time')).toBe(article.publishedAt!.toISOString());
      expect(html.metaOne('article:modified_time')).toBe(article.updatedAt.toISOString());
      expect(html.metaOne('article:author')).toBe(url(authorPath('writer')));
      expect(html.meta('article:tag')).toEqual(['Open Web', 'Previews']);
      expect(html.meta('color-scheme')).toEqual(['light dark']);
    });

    it('gives a large Twitter card', () => {
      expect(html.metaOne('twitter:card')).toBe('summary_large_image');
      expect(html.metaOne('twitter:title')).toBe('Covered');
      expect(html.metaOne('twitter:description')).toBe('The excerpt says it all.');
      expect(html.metaOne('twitter:image')).toBe(url(`/uploads/${cover.storedName}`));
    });

    it('describes it in JSON-LD as a BlogPosting', () => {
      const [data, ...more] = html.jsonLd();
      expect(more).toEqual([]);
      expect(data).toEqual({
        '@context': 'https://schema.org',
        '@type': 'BlogPosting',
        headline: 'Covered',
        description: 'The excerpt says it all.',
        url: url(articlePath(article)),
        mainEntityOfPage: { '@type': 'WebPage', '@id': url(articlePath(article)) },
        datePublished: article.publishedAt!.toISOString(),
        dateModified: article.updatedAt.toISOString(),
        author: { '@type': 'Person', name: 'Wri Ter', url: url(authorPath('writer')) },
        image: url(`/uploads/${cover.storedName}`),
        keywords: 'Open Web, Previews',
        publisher: { '@type': 'Organization', name: 'Open Notes', url: url('/') },
      });
    });

    it('shows the cover at the top of the article, sized, with a srcset of the stored sizes', () => {
      const [img, ...more] = html.find('img', 'cover-image');
      expect(more).toEqual([]);
      expect(attr(img!, 'src')).toBe(`/uploads/${cover.storedName}`);
      expect(attr(img!, 'width')).toBe(String(cover.width));
      expect(attr(img!, 'height')).toBe(String(cover.height));
      expect(attr(img!, 'alt')).toBe('Covered');
      expect(attr(img!, 'loading')).toBeUndefined();
      const srcset = attr(img!, 'srcset')!;
      expect(srcset).toContain(`/uploads/${cover.storedName} ${cover.width}w`);
      // The first image on the page, before the heading.
      const h1 = html.find('h1')[0]!;
      expect(html.elements.indexOf(img!)).toBeLessThan(html.elements.indexOf(h1));
    });

    it('shows the cover in listings, lazily, sized against layout shift', async () => {
      const home = await page('/');
      const img = home.find('img', 'cover-image').find((i) => attr(i, 'src') === `/uploads/${cover.storedName}`);
      expect(img).toBeDefined();
      expect(attr(img!, 'loading')).toBe('lazy');
      expect(attr(img!, 'width')).toBe(String(cover.width));
      expect(attr(img!, 'height')).toBe(String(cover.height));
    });
  });

  it('falls back to the default image, and describes the article by its first paragraph', async () => {
    await withDefault(fallback.id);
    const article = await createArticle({
      title: 'Plain',
      bodySource: '![](/nowhere.png)\n\nThe *first* paragraph with text.\n\nThe second paragraph.',
      author,
    });
    const html = await page(articlePath(article));
    expect(html.metaOne('og:image')).toBe(url(`/uploads/${fallback.storedName}`));
    expect(html.metaOne('og:image:width')).toBe(String(fallback.width));
    expect(html.metaOne('og:image:alt')).toBe('Open Notes');
    expect(html.metaOne('twitter:card')).toBe('summary_large_image');
    expect(html.metaOne('og:description')).toBe('The first paragraph with text.');
    expect(html.metaOne('description')).toBe('The first paragraph with text.');
    expect(html.jsonLd()[0]).toMatchObject({ image: url(`/uploads/${fallback.storedName}`) });
    expect(html.find('img', 'cover-image')).toEqual([]);
  });

  it('has no image at all without cover or default: a summary card', async () => {
    await withDefault(null);
    const long = Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ');
    const article = await createArticle({ title: 'Bare', bodySource: long, tags: '', author });
    const html = await page(articlePath(article));
    expect(html.meta('og:image')).toEqual([]);
    expect(html.meta('twitter:image')).toEqual([]);
    expect(html.metaOne('twitter:card')).toBe('summary');
    expect(html.meta('article:tag')).toEqual([]);
    const description = html.metaOne('og:description')!;
    expect(description.length).toBeLessThanOrEqual(200);
    expect(description).toMatch(/^word0 word1 .* word\d+…$/);
    expect(html.jsonLd()[0]).not.toHaveProperty('image');
  });

  it('keeps a title with </script> inside its JSON-LD, and the JSON intact', async () => {
    const title = 'Break </script><script>alert(1)</script> & “out” \u2028 <!-- in';
    const article = await createArticle({ title, author });
    const res = await request(t.app).get(articlePath(article)).expect(200);
    const html = parseHtml(res.text);
    const scripts = html.find('script');
    expect(scripts.map((s) => attr(s, 'type'))).toEqual(['application/ld+json']);
    expect(html.jsonLd()[0]).toMatchObject({ headline: title });
    expect(textOf(scripts[0]!)).not.toMatch(/[<>&\u2028]/);
    expect(html.metaOne('og:title')).toBe(title);
  });

  it('shows the reading time in the byline', async () => {
    const words = Array.from({ length: 1000 }, () => 'word').join(' ');
    const article = await createArticle({ title: 'Long read', bodySource: words, author });
    const html = await page(articlePath(article));
    expect(html.find('span', 'reading-time').map(textOf)).toEqual(['4 min read']);
    const short = await createArticle({ title: 'Short read', bodySource: 'Two words.', author });
    const shortHtml = await page(articlePath(short));
    expect(shortHtml.find('span', 'reading-time').map(textOf)).toEqual(['1 min read']);
  });

  it.each([
    ['with', true],
    ['without', false],
  ])('gives a static page a website preview %s the default image', async (_, withImage) => {
    await withDefault(withImage ? fallback.id : null);
    const staticPage = await createPage({ title: `About ${theme} ${String(withImage)}`, bodySource: 'Who *we* are.\n\nMore.' });
    const html = await page(`/pages/${staticPage.slug}`);
    expect(html.metaOne('og:type')).toBe('website');
    expect(html.metaOne('og:title')).toBe(staticPage.title);
    expect(html.metaOne('og:description')).toBe('Who we are.');
    expect(html.metaOne('og:url')).toBe(url(`/pages/${staticPage.slug}`));
    expect(html.meta('og:image')).toEqual(withImage ? [url(`/uploads/${fallback.storedName}`)] : []);
    expect(html.metaOne('twitter:card')).toBe(withImage ? 'summary_large_image' : 'summary');
    expect(html.jsonLd()).toEqual([
      expect.objectContaining({ '@type': 'WebPage', name: staticPage.title, url: url(`/pages/${staticPage.slug}`) }),
    ]);
    expect(html.meta('article:published_time')).toEqual([]);
  });

  it.each(['/', '/archives', '/tags'])('describes %s as the website, with the default image', async (path) => {
    await withDefault(fallback.id);
    const html = await page(path);
    expect(html.metaOne('og:type')).toBe('website');
    expect(html.metaOne('og:site_name')).toBe('Open Notes');
    expect(html.metaOne('og:title')).toBe(path === '/' ? 'Open Notes' : 'Archives|Tags'.split('|')[path === '/archives' ? 0 : 1]);
    expect(html.metaOne('og:description')).toBe('Notes in the open');
    expect(html.metaOne('og:url')).toBe(url(path));
    expect(html.metaOne('og:image')).toBe(url(`/uploads/${fallback.storedName}`));
    expect(html.jsonLd()).toEqual([]);
  });
});
