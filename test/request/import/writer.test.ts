import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { sourceOf } from '#test/support/import-source.ts';
import { ada, grace } from '#test/fixtures/cast.ts';
import { createArticle, createComment } from '#test/fixtures/factories.ts';
import { db } from '#app/models/db.ts';
import { importFrom } from '#app/importers/index.ts';
import { defaultImportOptions, type ImportOptions, type SourceItem } from '#app/importers/source.ts';
import type { ImportedArticle, ImportedComment } from '#app/importers/records.ts';
import { uploadDirs } from '#config/uploads.ts';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/files');
const future = new Date(Date.now() + 30 * 86_400_000);

const items = (): SourceItem[] => [
  { kind: 'author', key: 'user:olda', login: 'Old Ada', displayName: 'Old Ada', email: 'olda@old.example' },
  { kind: 'author', key: 'user:bob', login: 'bob', displayName: 'Bob', email: 'bob@old.example' },
  {
    kind: 'term',
    key: 'cat:essays',
    taxonomy: 'category',
    name: 'Essays',
    slug: 'essays',
    oldAddresses: ['/category/essays/'],
  },
  { kind: 'term', key: 'cat:notes', taxonomy: 'category', name: 'Notes', slug: 'notes', parentKey: 'cat:essays' },
  { kind: 'term', key: 'tag:ruby', taxonomy: 'tag', name: 'Ruby', slug: 'ruby', oldAddresses: ['/tag/ruby/'] },
  article({ key: 'post:1' }),
  {
    kind: 'article',
    key: 'post:2',
    title: 'Coming soon',
    slug: 'coming-soon',
    body: { format: 'source', source: 'Soon *enough*.', textFilter: 'markdown' },
    status: 'scheduled',
    publishedAt: future,
    authorKey: 'user:olda',
  },
  {
    kind: 'article',
    key: 'post:3',
    title: 'A draft',
    slug: 'a-draft',
    body: { format: 'html', html: '<p>Unfinished</p>' },
    status: 'draft',
    notes: ['it had a password: imported as a draft'],
  },
  {
    kind: 'page',
    key: 'page:about',
    title: 'About',
    slug: 'about',
    body: { format: 'html', html: '<p>Who we are</p><script>alert(1)</script>' },
    status: 'published',
    oldAddresses: ['/about/'],
  },
  {
    kind: 'page',
    key: 'page:secret',
    title: 'Secret',
    slug: 'secret',
    body: { format: 'html', html: 'x' },
    status: 'draft',
  },
  comment({
    key: 'comment:10',
    authorName: 'Reader',
    html: 'First line\nsecond line\n\nAnother paragraph',
    folioId: 9001,
  }),
  comment({ key: 'comment:11', authorName: 'Replier', html: '<p>I agree</p>', parentKey: 'comment:10' }),
  comment({ key: 'comment:12', authorName: 'Spammer', html: 'buy', status: 'spam' }),
  comment({ key: 'comment:13', authorName: 'Other blog', html: 'linked here', commentKind: 'pingback' }),
  {
    kind: 'attachment',
    key: 'attachment:5',
    url: 'https://old.example/wp-content/uploads/2009/05/cat.png',
    relativePath: '2009/05/cat.png',
    title: 'Cat',
  },
  {
    kind: 'attachment',
    key: 'attachment:6',
    url: 'https://old.example/wp-content/uploads/gone.jpg',
    relativePath: 'gone.jpg',
  },
  { kind: 'redirect', key: 'feed', from: '/feed/', to: { type: 'feed' } },
  { kind: 'redirect', key: 'essays-feed', from: '/category/essays/feed/', to: { type: 'term', key: 'cat:essays' } },
  { kind: 'skipped', key: 'menu:1', what: 'nav_menu_item', title: 'Menu', reason: 'menus are not imported' },
];

function article(fields: Partial<ImportedArticle> = {}): ImportedArticle {
  return {
    kind: 'article',
    key: 'post:1',
    title: 'Hello, old world',
    slug: 'hello-old-world',
    body: {
      format: 'html',
      html: '<p>Hi <img src="https://old.example/wp-content/uploads/2009/05/cat-300x200.png"> <a href="/wp-content/uploads/2009/05/cat.png">cat</a></p>',
    },
    status: 'published',
    publishedAt: new Date('2009-05-18T02:30:00Z'),
    publishedOn: '2009-05-17',
    createdAt: new Date('2009-05-16T10:00:00Z'),
    authorKey: 'user:olda',
    termKeys: ['cat:essays', 'cat:notes', 'tag:ruby'],
    oldAddresses: ['/?p=1', '/2009/05/17/hello-old-world/'],
    ...fields,
  };
}

function comment(fields: Partial<ImportedComment> & { key: string }): ImportedComment {
  return {
    kind: 'comment',
    articleKey: 'post:1',
    commentKind: 'comment',
    authorName: 'Reader',
    email: 'reader@example.com',
    url: 'https://reader.example',
    html: 'Nice',
    status: 'approved',
    createdAt: new Date('2009-05-19T08:00:00Z'),
    ip: '192.0.2.1',
    ...fields,
  };
}

describe('the importer’s writer', () => {
  let t: TestApp;
  let oldUploads: string;
  const run = (list: SourceItem[], options: Partial<ImportOptions> = {}, failAfter?: number) =>
    importFrom(sourceOf(list, { failAfter }), {
      format: 'test',
      options: { ...defaultImportOptions, uploadsDir: oldUploads, authorMap: new Map([['bob', 'grace']]), ...options },
      uploads: uploadDirs(t.config),
    });
  const rowCounts = async () => ({
    users: await db.user.count(),
    articles: await db.article.count(),
    pages: await db.page.count(),
    comments: await db.comment.count(),
    tags: await db.tag.count(),
    sections: await db.section.count(),
    assets: await db.asset.count(),
    redirects: await db.redirect.count(),
    revisions: await db.revision.count(),
    imported: await db.importedRecord.count(),
  });
  const storedFiles = () => {
    const root = uploadDirs(t.config).root;
    try {
      return readdirSync(root, { recursive: true }).filter((f) => /\.\w+$/.test(String(f)));
    } catch {
      return [];
    }
  };

  beforeAll(async () => {
    t = await startTestApp();
    await ada();
    await grace();
    oldUploads = path.join(t.dir, 'old-uploads');
    mkdirSync(path.join(oldUploads, '2009/05'), { recursive: true });
    copyFileSync(path.join(fixtures, 'sample.png'), path.join(oldUploads, '2009/05/cat.png'));
  }, 120_000);
  afterAll(() => t.close());

  it('fails half way without leaving a row or a file behind', async () => {
    const before = await rowCounts();
    await expect(run(items(), {}, 16)).rejects.toThrow('line 120, column 7: unexpected end of file');
    expect(await rowCounts()).toEqual(before);
    expect(storedFiles()).toEqual([]);
  });

  it('reports in a dry run what it would do, and writes nothing', async () => {
    const before = await rowCounts();
    const report = await run(items(), { dryRun: true });
    expect(report.dryRun).toBe(true);
    expect(report.counts.article).toEqual({ created: 3 });
    expect(report.counts.attachment).toEqual({ created: 1, skipped: 1 });
    expect(report.createdAuthors).toEqual([{ login: 'old-ada', displayName: 'Old Ada' }]);
    expect(await rowCounts()).toEqual(before);
    expect(storedFiles()).toEqual([]);
  });

  it('creates every kind of record, and the reader site shows them', async () => {
    const progress: number[] = [];
    const report = await importFrom(sourceOf(items()), {
      format: 'test',
      options: { ...defaultImportOptions, uploadsDir: oldUploads, authorMap: new Map([['bob', 'grace']]) },
      uploads: uploadDirs(t.config),
      onProgress: (p) => progress.push(p.items),
    });
    expect(progress.length).toBeGreaterThan(10);
    expect(report.source).toEqual({
      identity: 'test:https://old.example',
      title: 'The old blog',
      link: 'https://old.example',
    });
    expect(report.counts).toMatchObject({
      author: { created: 1, unchanged: 1 },
      term: { created: 3 },
      article: { created: 3 },
      page: { created: 1, skipped: 1 },
      comment: { created: 4 },
      attachment: { created: 1, skipped: 1 },
      redirect: { created: 2 },
    });
    expect(report.createdAuthors).toEqual([{ login: 'old-ada', displayName: 'Old Ada' }]);
    expect(report.skipped.map((s) => s.key)).toEqual(['page:secret', 'menu:1']);
    expect(report.notes.map((n) => n.message)).toEqual(
      expect.arrayContaining([
        'it had a password: imported as a draft',
        `file not found: ${path.join(oldUploads, 'gone.jpg')}`,
      ]),
    );

    const oldAda = await db.user.findUniqueOrThrow({ where: { login: 'old-ada' } });
    expect(oldAda).toMatchObject({ role: 'author', passwordHash: '!locked' });
    const hello = await db.article.findFirstOrThrow({
      where: { slug: 'hello-old-world' },
      include: { section: true, taggings: { include: { tag: true } } },
    });
    expect(hello).toMatchObject({
      publishedOn: '2009-05-17',
      authorId: oldAda.id,
      commentsCount: 3,
      textFilter: 'none',
    });
    expect(hello.createdAt.toISOString()).toBe('2009-05-16T10:00:00.000Z');
    expect(hello.section?.name).toBe('Essays');
    expect(hello.taggings.map((t) => t.tag.name).sort()).toEqual(['Notes', 'Ruby']);
    const [asset] = await db.asset.findMany();
    expect(hello.bodyHtml).toContain(`src="/uploads/${asset!.storedName.replace('.png', '-medium.png')}"`);
    expect(hello.bodyHtml).toContain(`href="/uploads/${asset!.storedName}"`);
    expect(hello.bodyText).toContain('Hi');

    const scheduled = await db.article.findFirstOrThrow({ where: { slug: 'coming-soon' } });
    expect(scheduled.state).toBe('published');
    expect(scheduled.publishedAt?.getTime()).toBe(future.getTime());
    expect((await db.article.findFirstOrThrow({ where: { slug: 'a-draft' } })).state).toBe('draft');

    const comments = await db.comment.findMany({ where: { articleId: hello.id }, orderBy: { createdAt: 'asc' } });
    const first = comments.find((c) => c.authorName === 'Reader')!;
    expect(first.id).toBe(9001);
    // The next comment a reader posts takes an id past the kept one (PostgreSQL's sequence was moved).
    expect((await createComment(hello)).id).toBeGreaterThan(9001);
    expect(first.bodyHtml).toBe('<p>First line<br />\nsecond line</p>\n<p>Another paragraph</p>');
    expect(comments.find((c) => c.authorName === 'Replier')!.bodyHtml).toContain('In reply to Reader');
    expect(comments.find((c) => c.authorName === 'Other blog')!.kind).toBe('pingback');

    const redirects = await db.redirect.findMany({ orderBy: { fromPath: 'asc' } });
    expect(redirects.map((r) => [r.fromPath, r.targetType])).toEqual(
      expect.arrayContaining([
        ['/?p=1', 'article'],
        ['/2009/05/17/hello-old-world', 'article'],
        ['/about', 'page'],
        ['/category/essays', 'section'],
        ['/category/essays/feed', 'section'],
        ['/feed', 'feed'],
        ['/tag/ruby', 'tag'],
        ['/wp-content/uploads/2009/05/cat.png', 'url'],
      ]),
    );
    expect(report.redirects).toBe(redirects.length);
    expect(redirects.every((r) => r.origin === 'test:https://old.example')).toBe(true);

    const page = await request(t.app).get('/2009/05/17/hello-old-world').expect(200);
    expect(page.text).toContain('Hello, old world');
    expect(page.text).toContain('Another paragraph');
    const about = await request(t.app).get('/pages/about').expect(200);
    expect(about.text).toContain('Who we are');
    expect(about.text).not.toContain('alert(1)');
    await request(t.app).get('/2026/01/01/coming-soon').expect(404);
  });

  it('creates nothing new when run again: every item is unchanged', async () => {
    const before = await rowCounts();
    const report = await run(items());
    expect(await rowCounts()).toEqual(before);
    expect(report.createdAuthors).toEqual([]);
    for (const [kind, actions] of Object.entries(report.counts))
      expect(
        Object.keys(actions).filter((a) => a !== 'unchanged' && a !== 'skipped'),
        kind,
      ).toEqual([]);
    expect(report.counts.article).toEqual({ unchanged: 3 });
  });

  it('updates what changed in the export', async () => {
    const list = items().map((item) =>
      item.kind === 'article' && item.key === 'post:1' ? article({ title: 'Hello again, old world' }) : item,
    );
    const report = await run(list);
    expect(report.counts.article).toEqual({ updated: 1, unchanged: 2 });
    const hello = await db.article.findFirstOrThrow({ where: { slug: 'hello-old-world' } });
    expect(hello.title).toBe('Hello again, old world');
    expect(await db.article.count({ where: { slug: 'hello-old-world' } })).toBe(1);
  });

  it('drops pings when asked, and keeps another article’s slug free', async () => {
    const other = await createArticle({ title: 'Taken', slug: 'taken', publishedAt: new Date('2010-01-01T12:00:00Z') });
    const report = await importFrom(
      sourceOf([
        article({
          key: 'post:7',
          title: 'Taken',
          slug: 'taken',
          publishedAt: new Date('2010-01-01T12:00:00Z'),
          publishedOn: undefined,
          termKeys: [],
        }),
        comment({ key: 'comment:70', articleKey: 'post:7', commentKind: 'trackback' }),
      ]),
      {
        format: 'test',
        options: { ...defaultImportOptions, pings: 'drop' },
        uploads: uploadDirs(t.config),
      },
    );
    expect(report.counts.comment).toEqual({ skipped: 1 });
    expect(report.skipped[0]!.message).toContain('dropped');
    const imported = await db.article.findFirstOrThrow({ where: { title: 'Taken', id: { not: other.id } } });
    expect(imported.slug).toBe('taken-2');
    expect(report.notes.map((n) => n.message)).toContain(
      'the slug "taken" was taken on 2010-01-01: it is "taken-2" now',
    );
  });

  it('refuses an author map to a login that does not exist, before writing', async () => {
    const before = await rowCounts();
    await expect(run(items(), { authorMap: new Map([['bob', 'nobody']]) })).rejects.toThrow(
      '--author-map bob=nobody: there is no Folio user "nobody"',
    );
    expect(await rowCounts()).toEqual(before);
  });
});
