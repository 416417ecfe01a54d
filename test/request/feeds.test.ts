import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { startTestApp, testBaseUrl, type TestApp } from '#test/support/app.ts';
import { createArticle, createComment, createSection, changeSettings } from '#test/fixtures/factories.ts';
import { ada, grace } from '#test/fixtures/cast.ts';
import { db } from '#app/models/db.ts';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });
const list = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

// What these tests read from the parsed XML; a single repeated element parses as an object, several as an array.
const oneOrMany = <T extends z.ZodType>(element: T) => z.union([element, z.array(element)]).optional();
const atomDocument = z.object({
  feed: z.looseObject({
    updated: z.string(),
    link: oneOrMany(z.looseObject({ '@rel': z.string().optional(), '@href': z.string() })),
    entry: oneOrMany(
      z.looseObject({
        title: z.union([z.string(), z.looseObject({ '#text': z.string() })]),
        published: z.string(),
        updated: z.string(),
      }),
    ),
  }),
});
const rssDocument = z.object({
  rss: z.object({
    channel: z.looseObject({ title: z.string(), item: oneOrMany(z.looseObject({ link: z.string() })) }),
  }),
});
const sitemapDocument = z.object({
  urlset: z.object({ url: oneOrMany(z.looseObject({ loc: z.string(), lastmod: z.string().optional() })) }),
});

describe('feeds', () => {
  let t: TestApp;
  let firstId: number;
  beforeAll(async () => {
    t = await startTestApp();
    await changeSettings({ blogTitle: 'Feeds & <Things>', commentPolicy: 'open' });
    const [a, g] = [await ada(), await grace()];
    const notes = await createSection({ name: 'Notes' });
    const first = await createArticle({
      author: a,
      title: 'First & foremost',
      bodySource: 'See ![pic](/uploads/pic.png) and [this](/2024/01/01/x).',
      tags: ['ruby'],
      publishedAt: new Date('2024-01-01T10:00:00Z'),
    });
    await createArticle({
      author: g,
      title: 'Second',
      tags: ['rails'],
      sectionId: notes.id,
      publishedAt: new Date('2024-01-02T10:00:00Z'),
    });
    await createArticle({ author: a, title: 'Draft never in feeds', state: 'draft', tags: ['ruby'] });
    await createArticle({
      author: a,
      title: 'Scheduled never in feeds',
      publishedAt: new Date(Date.now() + 86_400_000),
      tags: ['ruby'],
    });
    firstId = first.id;
    await createComment(first, { authorName: 'Commenter', body: 'Great <post>' });
    await createComment(first, { authorName: 'Hidden', body: 'pending one' }, 'pending');
  });
  afterAll(() => t.close());

  async function atom(path: string) {
    const res = await request(t.app)
      .get(path)
      .expect(200)
      .expect('Content-Type', /application\/atom\+xml/);
    expect(XMLValidator.validate(res.text)).toBe(true);
    return { res, feed: atomDocument.parse(parser.parse(res.text)).feed };
  }
  async function rss(path: string) {
    const res = await request(t.app)
      .get(path)
      .expect(200)
      .expect('Content-Type', /application\/rss\+xml/);
    expect(XMLValidator.validate(res.text)).toBe(true);
    return { res, channel: rssDocument.parse(parser.parse(res.text)).rss.channel };
  }

  it('serves the site Atom feed with absolute URLs, newest first, no drafts or scheduled', async () => {
    const { feed, res } = await atom('/articles.atom');
    const entries = list(feed.entry);
    expect(entries.map((e) => (typeof e.title === 'string' ? e.title : e.title['#text']))).toEqual(
      ['Second', 'First &amp; foremost'].map((s): unknown => expect.stringContaining(s.split(' ')[0]!)),
    );
    expect(res.text).not.toContain('never in feeds');
    const self = list(feed.link).find((l) => l['@rel'] === 'self');
    expect(self?.['@href']).toBe(`${testBaseUrl}/articles.atom`);
    expect(res.text).toContain(`${testBaseUrl}/uploads/pic.png`);
    expect(res.text).toContain(`${testBaseUrl}/2024/01/01/first-and-foremost`);
  });

  it('serves the site RSS feed', async () => {
    const { channel, res } = await rss('/articles.rss');
    const items = list(channel.item);
    expect(items).toHaveLength(2);
    expect(items[0]?.link).toBe(`${testBaseUrl}/2024/01/02/second`);
    expect(channel.title).toContain('Feeds & <Things>');
    expect(res.text).not.toContain('never in feeds');
  });

  it('serves tag, section and author feeds', async () => {
    expect(list((await atom('/tag/ruby.atom')).feed.entry)).toHaveLength(1);
    expect(list((await rss('/tag/rails.rss')).channel.item)).toHaveLength(1);
    expect(list((await atom('/section/notes.atom')).feed.entry)).toHaveLength(1);
    expect(list((await rss('/author/ada.rss')).channel.item)).toHaveLength(1);
    await request(t.app).get('/tag/nope.atom').expect(404);
    await request(t.app).get('/author/nobody.rss').expect(404);
    await request(t.app).get('/tag/ruby.json').expect(404);
    await request(t.app).get('/articles.json').expect(404);
  });

  it('serves comment feeds for the site and for one article, approved only', async () => {
    const site = await atom('/comments.atom');
    expect(list(site.feed.entry)).toHaveLength(1);
    expect(site.res.text).toContain('Commenter');
    expect(site.res.text).not.toContain('pending one');
    const one = await rss('/2024/01/01/first-and-foremost.rss');
    expect(list(one.channel.item)).toHaveLength(1);
    expect(list((await atom('/2024/01/02/second.atom')).feed.entry)).toHaveLength(0);
    await request(t.app).get('/2024/01/09/missing.atom').expect(404);
  });

  it('moves Typo’s feed URLs permanently to the current feeds', async () => {
    const typo: [string, string][] = [
      ['/xml/rss', '/articles.rss'],
      ['/xml/atom', '/articles.atom'],
      ['/xml/rss20/feed.xml', '/articles.rss'],
      ['/xml/atom10/feed.xml', '/articles.atom'],
      ['/xml/atom03/feed.xml', '/articles.atom'],
      ['/xml/rss/feed.xml', '/articles.rss'],
      ['/xml/atom/feed/feed.xml', '/articles.atom'],
      ['/xml/rss20/comments/feed.xml', '/comments.rss'],
      ['/xml/commentrss/feed.xml', '/comments.rss'],
      [`/xml/atom10/article/${firstId}/feed.xml`, '/2024/01/01/first-and-foremost.atom'],
      [`/xml/articlerss/${firstId}/feed.xml`, '/2024/01/01/first-and-foremost.rss'],
      ['/xml/rss20/tag/ruby/feed.xml', '/tag/ruby.rss'],
      ['/xml/atom10/category/notes/feed.xml', '/section/notes.atom'],
      ['/xml/rss20/author/ada/feed.xml', '/author/ada.rss'],
    ];
    for (const [from, to] of typo) {
      const res = await request(t.app).get(from);
      expect([from, res.status, res.headers.location]).toEqual([from, 301, `${testBaseUrl}${to}`]);
      await request(t.app).get(to).expect(200);
    }
  });

  it('answers Typo feed URLs Folio has no feed for with 404', async () => {
    for (const path of [
      '/xml/rsd',
      '/xml/json/feed.xml',
      '/xml/googlesitemap/feed.xml',
      '/xml/rss20/trackbacks/feed.xml',
      '/xml/trackbackrss/feed.xml',
      '/xml/itunes/feed.xml',
      '/xml/rss20/article/999999/feed.xml',
      '/xml/rss20/article/x/feed.xml',
      '/xml/articlerss/999999/feed.xml',
      '/xml/rss20/tag/nope/feed.xml',
      '/xml/rss20/category/nope/feed.xml',
      '/xml/rss20/author/nobody/feed.xml',
      '/xml/rss20/secret/1/feed.xml',
      '/xml/toString/feed.xml',
    ]) {
      const res = await request(t.app).get(path);
      expect([path, res.status]).toEqual([path, 404]);
    }
  });

  it('answers conditional GETs with 304', async () => {
    const { res } = await atom('/articles.atom');
    await request(t.app).get('/articles.atom').set('If-None-Match', res.headers.etag!).expect(304);
    await request(t.app).get('/articles.atom').set('If-Modified-Since', res.headers['last-modified']!).expect(304);
  });
});

describe('feeds: an article written ahead of its publication time', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    const written = await createArticle({
      author: await ada(),
      title: 'Written ahead',
      publishedAt: new Date('2024-03-01T09:00:00Z'),
    });
    // Saved in February, scheduled for March: its time has come, its record is older.
    await db.$executeRaw`UPDATE "Article" SET "updatedAt" = ${'2024-02-01T08:00:00.000+00:00'} WHERE "id" = ${written.id}`;
  });
  afterAll(() => t.close());

  it('is never updated before it was published, in Atom and the sitemap', async () => {
    const atomFeed = atomDocument.parse(
      parser.parse((await request(t.app).get('/articles.atom').expect(200)).text),
    ).feed;
    const entry = list(atomFeed.entry)[0]!;
    expect(entry.published).toBe('2024-03-01T09:00:00.000Z');
    expect(new Date(entry.updated).getTime()).toBeGreaterThanOrEqual(new Date(entry.published).getTime());
    expect(new Date(atomFeed.updated).getTime()).toBeGreaterThanOrEqual(new Date(entry.published).getTime());
    const sitemap = sitemapDocument.parse(
      new XMLParser().parse((await request(t.app).get('/sitemap.xml').expect(200)).text),
    ).urlset;
    const article = list(sitemap.url).find((u) => u.loc.endsWith('/written-ahead'))!;
    expect(article.lastmod).toBe('2024-03-01T09:00:00.000Z');
  });
});
