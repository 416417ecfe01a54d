import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderFeed, type FeedChannel, type FeedFormat } from '#app/feeds/index.ts';
import { openFeed } from '#app/importers/sources/feed/index.ts';
import { ImportInputError } from '#app/importers/source.ts';
import { collect, fixture, options, readError } from './collect.ts';

const feed = (name: string) => collect(openFeed(fixture('feed', name), options()));

describe('Folio’s own feeds', () => {
  const channel: FeedChannel = {
    title: 'Folio & Friends',
    subtitle: 'A blog',
    siteUrl: 'https://folio.example/',
    feedUrl: 'https://folio.example/feed.atom',
    updatedAt: new Date('2024-02-02T10:00:00Z'),
    alternate: { atom: 'https://folio.example/feed.atom', rss: 'https://folio.example/feed.rss' },
    items: [
      {
        id: 'https://folio.example/2024/02/01/hello-folio',
        title: 'Hello <Folio> & “quotes”',
        url: 'https://folio.example/2024/02/01/hello-folio',
        publishedAt: new Date('2024-02-01T23:30:00Z'),
        updatedAt: new Date('2024-02-02T08:00:00Z'),
        authorName: 'Ada Lovelace',
        html: '<p>Body with <a href="/about">a relative link</a> and ünïcode.</p>',
        summary: 'The summary & more',
        categories: ['Essays', 'Café'],
      },
    ],
  };

  async function roundTrip(format: FeedFormat) {
    const dir = await mkdtemp(join(tmpdir(), 'folio-feed-'));
    const path = join(dir, `feed.${format}`);
    await writeFile(path, renderFeed(format, { ...channel, feedUrl: `https://folio.example/feed.${format}` }));
    return collect(openFeed(path, options()));
  }

  it.each(['atom', 'rss'] as const)(
    'imports Folio’s %s feed: title, body, author, tags, dates, old address',
    async (format) => {
      const { items, byKey, ofKind } = await roundTrip(format);
      expect(items[0]).toMatchObject({ kind: 'source', title: 'Folio & Friends', link: 'https://folio.example/' });
      const article = byKey('article', 'item:https://folio.example/2024/02/01/hello-folio');
      expect(article).toMatchObject({
        title: 'Hello <Folio> & “quotes”',
        slug: 'hello-folio',
        status: 'published',
        publishedAt: new Date('2024-02-01T23:30:00Z'),
        authorKey: 'author:ada-lovelace',
        termKeys: ['tag:essays', 'tag:cafe'],
        oldAddresses: ['/2024/02/01/hello-folio'],
      });
      expect(article.body).toEqual({
        format: 'html',
        html: '<p>Body with <a href="https://folio.example/about">a relative link</a> and ünïcode.</p>',
      });
      expect(byKey('author', 'author:ada-lovelace')).toMatchObject({ displayName: 'Ada Lovelace' });
      expect(byKey('term', 'tag:cafe')).toMatchObject({ name: 'Café', slug: 'cafe', taxonomy: 'tag' });
      expect(ofKind('redirect')).toContainEqual(
        expect.objectContaining({ from: `/feed.${format}`, to: { type: 'feed' } }),
      );
      if (format === 'atom') {
        expect(article.excerpt).toEqual({ format: 'html', html: 'The summary &amp; more' });
        expect(article.updatedAt).toEqual(new Date('2024-02-02T08:00:00Z'));
      }
    },
  );
});

describe('Typo’s feeds', () => {
  it('reads a Typo 4 RSS 2.0 feed in ISO-8859-1: escaped HTML descriptions, names as <author>, categories', async () => {
    const { items, byKey, ofKind } = await feed('typo4-rss20.xml');
    expect(items[0]).toEqual({
      kind: 'source',
      identity: 'feed:http://typo.example.org',
      title: 'Typo déjà vu',
      link: 'http://typo.example.org/',
    });
    expect(byKey('article', 'item:urn:uuid:7cbe5b2a-1f5e-4b22-a2b2-3a9e2d1a0c01')).toMatchObject({
      title: 'Café & Rails',
      slug: 'cafe-rails',
      body: {
        format: 'html',
        html: '<p>Typo escapes its <strong>HTML</strong> into description, with naïve Latin-1.</p>',
      },
      publishedAt: new Date('2007-03-05T18:00:00Z'),
      publishedOn: '2007-03-05',
      authorKey: 'author:tobias-lutke',
      termKeys: ['tag:ruby', 'tag:rails'],
      oldAddresses: ['/articles/2007/03/05/cafe-rails'],
    });
    // "Tue, 6 Mar 07 23:15 PST": a two-digit year, no seconds, a zone name; the day stays the 6th as written.
    expect(byKey('article', 'item:urn:uuid:7cbe5b2a-1f5e-4b22-a2b2-3a9e2d1a0c02')).toMatchObject({
      title: 'Second post',
      publishedAt: new Date('2007-03-07T07:15:00Z'),
      publishedOn: '2007-03-06',
    });
    expect(byKey('author', 'author:tobias-lutke')).toMatchObject({ displayName: 'Tobias Lütke', email: '' });
    expect(ofKind('redirect').map((redirect) => [redirect.from, redirect.to])).toEqual(
      expect.arrayContaining([
        ['/xml/rss20/feed.xml', { type: 'feed' }],
        ['/xml/atom10/feed.xml', { type: 'feed' }],
        ['/xml/rss20/comments/feed.xml', { type: 'comments-feed' }],
      ]),
    );
  });

  it('reads a Typo 5 Atom feed: html titles, summary as excerpt, zoned dates, labelled categories', async () => {
    const { items, byKey } = await feed('typo5-atom10.xml');
    expect(items[0]).toMatchObject({
      identity: 'feed:tag:typo.example.org,2005:/xml/atom10/feed.xml',
      link: 'http://typo.example.org',
    });
    expect(byKey('article', 'item:urn:uuid:0c1d2e3f-aaaa-bbbb-cccc-000000000501')).toMatchObject({
      title: 'Hello Atom & friends',
      excerpt: { format: 'html', html: '<p>The excerpt.</p>' },
      publishedAt: new Date('2009-05-16T22:30:00Z'),
      // Half past midnight in +02:00: the blog showed the 17th.
      publishedOn: '2009-05-17',
      updatedAt: new Date('2009-05-18T07:00:00Z'),
      authorKey: 'author:frederic',
      termKeys: ['tag:general', 'tag:atom'],
      oldAddresses: ['/2009/05/17/hello-atom'],
    });
    expect(byKey('author', 'author:frederic')).toEqual({
      kind: 'author',
      key: 'author:frederic',
      login: 'frederic',
      displayName: 'Frédéric',
      email: 'fred@typo.example.org',
    });
  });
});

describe('Mephisto’s Atom feed', () => {
  it('resolves links against xml:base, falls back to the summary, and redirects Mephisto’s feed addresses', async () => {
    const { items, byKey, ofKind } = await feed('mephisto-atom.xml');
    expect(items[0]).toMatchObject({
      identity: 'feed:tag:mephisto.example.com,2007:mephisto/',
      title: 'Mephisto Musings',
    });
    expect(byKey('article', 'item:tag:mephisto.example.com,2008-01-01:42')).toMatchObject({
      slug: 'liquid-templates',
      body: { format: 'html', html: '<p>Templates, safely.</p>\n<pre><code>{{ article.title }}</code></pre>' },
      termKeys: ['tag:liquid', 'tag:mephisto'],
      authorKey: 'author:rick',
      oldAddresses: ['/2008/1/1/liquid-templates'],
    });
    expect(byKey('article', 'item:tag:mephisto.example.com,2007-12-24:41')).toMatchObject({
      body: { format: 'html', html: '<p>Only a summary.</p>' },
      authorKey: 'author:technoweenie',
    });
    expect(byKey('article', 'item:tag:mephisto.example.com,2007-12-24:41').excerpt).toBeUndefined();
    expect(ofKind('redirect').map((redirect) => redirect.from)).toEqual([
      '/feed/atom.xml',
      '/feed',
      '/feed/all_comments.xml',
    ]);
  });
});

describe('other feeds', () => {
  it('reads a WordPress RSS feed: content:encoded over description, dc:creator, FeedBurner’s original link, enclosures, duplicates', async () => {
    const { byKey, ofKind } = await feed('wordpress-rss2.xml');
    const hello = byKey('article', 'item:https://www.press.example/?p=123');
    expect(hello).toMatchObject({
      title: 'Hello “world”',
      slug: 'hello-world',
      oldAddresses: ['/2024/05/hello-world'],
      termKeys: ['tag:news', 'tag:hello-world'],
      notes: [
        'had an enclosure https://www.press.example/wp-content/uploads/2024/05/talk.mp3 (audio/mpeg, 123456 bytes): not imported',
      ],
    });
    expect(hello.body.format === 'html' && hello.body.html).toMatch(/^<p>Welcome to <em>WordPress<\/em>.<\/p>/);
    const elsewhere = byKey('article', 'item:https://other.example/shared-post');
    expect(elsewhere).toMatchObject({
      oldAddresses: [],
      body: { format: 'html', html: 'Plain &lt;b&gt;description&lt;/b&gt; only' },
    });
    expect(elsewhere.notes).toEqual([
      'its link (https://other.example/shared-post) is on another site: no redirect from it',
    ]);
    expect(ofKind('skipped')).toEqual([
      {
        kind: 'skipped',
        key: 'item:https://other.example/shared-post',
        what: 'item',
        title: 'Elsewhere',
        reason: 'the feed lists it twice',
      },
    ]);
    expect(ofKind('redirect').map((redirect) => redirect.from)).toEqual(['/feed', '/feed/atom', '/comments/feed']);
  });

  it('reads Atom xhtml and text content, feed-level authors and xhtml titles', async () => {
    const { byKey } = await feed('atom-xhtml.xml');
    expect(byKey('article', 'item:urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a')).toMatchObject({
      title: 'An xhtml title',
      body: {
        format: 'html',
        html: '<p>Para with <a href="https://x.example/?a=1&#38;b=2">link</a> and <img src="/i.png" alt="i"><br>break.</p>',
      },
      authorKey: 'author:john-doe',
      publishedAt: new Date('2003-12-13T23:30:02Z'),
      notes: ['had an enclosure https://x.example/v.mp4 (video/mp4): not imported'],
    });
    expect(byKey('article', 'item:urn:uuid:plain')).toMatchObject({
      body: { format: 'html', html: '<p>Line one &#60;not a tag&#62;</p>\n<p>Line two</p>' },
      publishedOn: '2003-12-14',
      oldAddresses: ['/plain'],
    });
  });

  it('reads RSS 1.0 (RDF) with dc: dates, creators and subjects', async () => {
    const { items, byKey } = await feed('rss1-rdf.xml');
    expect(items[0]).toMatchObject({ identity: 'feed:http://rdf.example.org' });
    expect(byKey('article', 'item:http://rdf.example.org/archives/000123.html')).toMatchObject({
      slug: 'movable-type-days',
      body: { format: 'html', html: '<p>Full text from 2004.</p>' },
      publishedAt: new Date('2004-02-29T12:45:00Z'),
      authorKey: 'author:ben',
      termKeys: ['tag:weblogs'],
      oldAddresses: ['/archives/000123.html'],
    });
  });

  it('reports progress in bytes up to the file’s size', async () => {
    const { progress } = await feed('wordpress-rss2.xml');
    const last = progress[progress.length - 1]!;
    expect(last.unit).toBe('bytes');
    expect(last.done).toBe(last.total);
    expect(last.total).toBeGreaterThan(1000);
  });
});

describe('unreadable feeds', () => {
  const error = (name: string) => readError(() => openFeed(fixture('feed', name), options()));

  it('names the line and column of malformed XML', async () => {
    const found = await error('malformed.xml');
    expect(found).toBeInstanceOf(ImportInputError);
    expect(found).toMatchObject({ line: 36, column: 27 });
    expect(found.message).toBe('line 36, column 27: malformed XML: Unexpected close tag');
  });

  it('says where a truncated feed stops', async () => {
    const found = await error('truncated.xml');
    expect(found).toBeInstanceOf(ImportInputError);
    expect(found.message).toMatch(/^line 37, column \d+: the file ends inside <link> \(truncated\?\)$/);
  });

  it('refuses what is not a feed: HTML, a WordPress export, an empty file', async () => {
    expect((await error('not-a-feed.xml')).message).toBe(
      'this XML is not an RSS or Atom feed (its root element is <html>)',
    );
    expect((await error('wxr.xml')).message).toMatch(/WordPress export \(WXR\).*wxr format/);
    expect((await error('empty.xml')).message).toMatch(/empty/);
  });
});
