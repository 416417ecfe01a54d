import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMephisto } from '#app/importers/sources/mephisto/index.ts';
import { defaultImportOptions, ImportInputError } from '#app/importers/source.ts';
import { readAll, byKey, scratchDir, sqliteFromScript } from '#test/support/old-database.ts';

const dump = 'test/fixtures/import/mephisto/mephisto-0.8.mysqldump.sql';
const script = 'test/fixtures/import/mephisto/mephisto-0.7.sqlite.sql';
const open = (path: string) => openMephisto(path, defaultImportOptions);

let scratch: Awaited<ReturnType<typeof scratchDir>>;
beforeAll(async () => {
  scratch = await scratchDir();
});
afterAll(() => scratch.cleanup());

describe('Mephisto 0.8 from a MySQL dump', () => {
  it('names the site by its host, and maps users, listing sections and tags', async () => {
    const items = await readAll(open(dump));
    expect(items[0]).toEqual({
      kind: 'source',
      identity: 'mephisto:http://mephisto.example.com',
      title: 'Rick\'s "Mephisto" Café',
      link: 'http://mephisto.example.com',
    });
    expect(byKey(items, 'author', 'user:justin')).toMatchObject({ login: 'justin', email: 'justin@example.com' });
    expect(byKey(items, 'term', 'section:3')).toMatchObject({
      taxonomy: 'category',
      name: 'Café Talk',
      slug: 'cafe-talk',
      oldAddresses: ['/cafe-talk'],
    });
    expect(byKey(items, 'term', 'tag:2')).toMatchObject({
      taxonomy: 'tag',
      name: 'über',
      oldAddresses: ['/tags/über'],
    });
    // The home section and the paged one are not Folio sections.
    expect(
      items
        .filter((item) => item.kind === 'term' && item.key.startsWith('section:'))
        .map((item) => 'key' in item && item.key),
    ).toEqual(['section:3']);
  });

  it('keeps Textile as Mephisto rendered it, with its unpadded permalink, section and tags (not the asset tagging)', async () => {
    const article = byKey(await readAll(open(dump)), 'article', 'article:1');
    expect(article).toMatchObject({
      title: 'Drax the destroyer',
      slug: 'drax-the-destroyer',
      status: 'published',
      authorKey: 'user:rick',
      publishedOn: '2008-03-04',
      allowComments: true,
    });
    expect(article.body).toEqual({
      format: 'html',
      html: '<h1>Mephisto&#8217;s new &#8220;look&#8221;</h1>\n<p>It&#8217;s <strong>here</strong> 🚀 and a back\\slash.</p>',
    });
    expect(article.termKeys).toEqual(['section:3', 'tag:1', 'tag:2']);
    expect(article.oldAddresses).toEqual(['/2008/3/4/drax-the-destroyer']);
  });

  it('keeps Markdown as source with its code macro as a fence, and closed comments', async () => {
    const article = byKey(await readAll(open(dump)), 'article', 'article:2');
    expect(article.body).toEqual({
      format: 'source',
      source: expect.stringContaining('```ruby\nputs 1 < 2\n```') as string,
      textFilter: 'markdown',
    });
    expect(article.excerpt).toEqual({ format: 'source', source: 'Short *intro*.', textFilter: 'markdown' });
    expect(article).toMatchObject({ allowComments: false, oldAddresses: ['/2008/11/9/markdown-in-montreal'] });
  });

  it('turns articles of a paged section into pages, the first one answering for the section path', async () => {
    const items = await readAll(open(dump));
    expect(byKey(items, 'page', 'page:3')).toMatchObject({
      title: 'About',
      slug: 'about',
      body: { format: 'html', html: '<p>Who we are.</p>' },
      oldAddresses: ['/about/about', '/about'],
    });
    expect(byKey(items, 'page', 'page:5')).toMatchObject({ slug: 'contact', oldAddresses: ['/about/contact'] });
    expect(byKey(items, 'article', 'article:4')).toMatchObject({
      status: 'draft',
      publishedAt: undefined,
      oldAddresses: [],
    });
  });

  it('maps comments by approval, original assets, and the feed addresses', async () => {
    const items = await readAll(open(dump));
    expect(byKey(items, 'comment', 'comment:6')).toMatchObject({
      articleKey: 'article:1',
      authorName: 'Jürgen',
      email: 'j@example.de',
      url: 'http://juergen.example.de',
      status: 'approved',
      ip: '192.168.1.9',
      userAgent: 'Mozilla/5.0',
      html: '<p>Great release!<br />\nThanks.</p>',
    });
    expect(byKey(items, 'comment', 'comment:7').status).toBe('pending');
    expect(byKey(items, 'skipped', 'comment:8').reason).toContain('(42)');
    expect(items.filter((item) => item.kind === 'attachment')).toEqual([
      {
        kind: 'attachment',
        key: 'asset:1',
        url: 'http://mephisto.example.com/assets/2008/3/4/diagram.png',
        relativePath: '2008/3/4/diagram.png',
        title: 'The diagram',
        createdAt: new Date('2008-03-04T05:06:07Z'),
      },
    ]);
    expect(byKey(items, 'redirect', 'feed:atom')).toMatchObject({ from: '/feed/atom.xml', to: { type: 'feed' } });
    expect(byKey(items, 'redirect', 'feed:comments')).toMatchObject({
      from: '/feed/all_comments.xml',
      to: { type: 'comments-feed' },
    });
    expect(byKey(items, 'redirect', 'feed:section:3')).toMatchObject({
      from: '/feed/cafe-talk/atom.xml',
      to: { type: 'url', url: '/section/cafe-talk.atom' },
    });
  });
});

describe('Mephisto 0.7 from its SQLite file', () => {
  it('imports the first site only, with its own permalink style and tag path, and says so', async () => {
    const path = await sqliteFromScript(script, scratch.dir, 'mephisto-0.7.sqlite');
    const items = await readAll(open(path));
    expect(items[0]).toMatchObject({ identity: 'mephisto:mephisto-0.7.sqlite', title: 'Seven' });
    expect(items[1]).toMatchObject({ kind: 'note', message: expect.stringContaining('2 sites') as string });
    const article = byKey(items, 'article', 'article:1');
    expect(article).toMatchObject({
      body: { format: 'source', source: 'Grüße *aus* Köln', textFilter: 'markdown' },
      termKeys: ['tag:1'],
      publishedOn: '2006-12-24',
    });
    expect(article.oldAddresses).toEqual(['/archives/2006/12/24/sieben-zwerge', '/2006/12/24/sieben-zwerge']);
    expect(byKey(items, 'term', 'tag:1').oldAddresses).toEqual(['/topics/zwerge']);
    expect(items.some((item) => item.kind === 'article' && item.key === 'article:2')).toBe(false);
    expect(byKey(items, 'comment', 'comment:3')).toMatchObject({
      status: 'approved',
      authorName: 'Eve',
      html: '<p>Danke</p>',
    });
  });

  it('refuses a Typo database', async () => {
    const error: unknown = await readAll(open('test/fixtures/import/typo/typo-4.1.mysqldump.sql')).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ImportInputError);
    expect((error as Error).message).toMatch(/Typo database/);
  });
});
