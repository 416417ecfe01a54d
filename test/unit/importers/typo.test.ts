import { writeFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTypo } from '#app/importers/sources/typo/index.ts';
import { defaultImportOptions, ImportInputError } from '#app/importers/source.ts';
import { readAll, byKey, scratchDir, sqliteFromScript } from '#test/support/old-database.ts';

const dump = 'test/fixtures/import/typo/typo-4.1.mysqldump.sql';
const script = 'test/fixtures/import/typo/typo-6.sqlite.sql';
const open = (path: string) => openTypo(path, defaultImportOptions);

let scratch: Awaited<ReturnType<typeof scratchDir>>;
beforeAll(async () => {
  scratch = await scratchDir();
});
afterAll(() => scratch.cleanup());

describe('Typo 4.1 from a MySQL dump', () => {
  it('names the blog by its base_url and title, first', async () => {
    const items = await readAll(open(dump));
    expect(items[0]).toEqual({
      kind: 'source',
      identity: 'typo:http://blog.example.org',
      title: 'Ada\'s "Notes" — café',
      link: 'http://blog.example.org',
    });
  });

  it('yields authors, categories and tags before the articles that use them', async () => {
    const items = await readAll(open(dump));
    const kinds = items.map((item) => item.kind);
    expect(kinds.lastIndexOf('author')).toBeLessThan(kinds.indexOf('article'));
    expect(kinds.lastIndexOf('term')).toBeLessThan(kinds.indexOf('article'));
    expect(byKey(items, 'author', 'user:bob')).toMatchObject({
      login: 'bob',
      displayName: "Bob O'Brien",
      email: 'bob@example.org',
    });
    expect(byKey(items, 'term', 'category:2')).toMatchObject({
      taxonomy: 'category',
      name: 'Café Society',
      slug: 'cafe-society',
      oldAddresses: ['/category/cafe-society', '/articles/category/cafe-society'],
    });
    expect(byKey(items, 'term', 'tag:2')).toMatchObject({
      taxonomy: 'tag',
      name: 'Ünïcödé',
      slug: 'unicode',
      oldAddresses: ['/tag/unicode', '/articles/tag/unicode'],
    });
  });

  it('maps a Markdown+SmartyPants article: escapes, body and extended, code macro, primary category first, old addresses', async () => {
    const article = byKey(await readAll(open(dump)), 'article', 'article:1');
    expect(article).toMatchObject({
      title: "It's alive",
      slug: 'its-alive',
      status: 'published',
      authorKey: 'user:ada',
      allowComments: true,
      publishedOn: '2007-03-04',
    });
    expect(article.publishedAt?.toISOString()).toBe('2007-03-04T23:30:00.000Z');
    expect(article.body).toMatchObject({ format: 'source', textFilter: 'smartypants-markdown' });
    const source = article.body.format === 'source' ? article.body.source : '';
    expect(source).toContain('it\'s "quoted" and a back\\\\slash.');
    expect(source).toContain('```ruby\nputs "hi" if a < b\n```');
    expect(source).toContain('The rest of the story 🎉; with a semicolon.');
    // Typo showed the body alone on listings when there was more: it becomes the excerpt.
    expect(article.excerpt?.format === 'source' && article.excerpt.source).toContain('Hello *world*');
    expect(article.termKeys).toEqual(['category:1', 'category:2', 'tag:1', 'tag:2']);
    expect(article.oldAddresses).toEqual(['/articles/read/1', '/2007/03/04/its-alive']);
  });

  it('converts Textile to HTML, and keeps drafts, scheduled articles and closed comments', async () => {
    const items = await readAll(open(dump));
    const textile = byKey(items, 'article', 'article:2');
    expect(textile.body).toEqual({
      format: 'html',
      html: '<h2>Heading</h2>\n<p>Some <strong>strong</strong> text and <a href="http://example.com/">a link</a>.</p>',
    });
    expect(textile.allowComments).toBe(false);
    expect(byKey(items, 'article', 'article:3')).toMatchObject({
      status: 'draft',
      publishedAt: undefined,
      body: { format: 'source', source: 'Not yet.', textFilter: 'markdown' },
    });
    expect(byKey(items, 'article', 'article:11')).toMatchObject({ status: 'scheduled', publishedOn: '2030-01-01' });
  });

  it('maps pages, comments by their state, trackbacks, uploads and Typo redirects', async () => {
    const items = await readAll(open(dump));
    expect(byKey(items, 'page', 'page:4')).toMatchObject({
      title: 'About',
      slug: 'about',
      status: 'published',
      body: { format: 'html', html: '<p>About me: Zoë, naïve café.</p>' },
      oldAddresses: ['/pages/about'],
    });
    expect(byKey(items, 'comment', 'comment:5')).toMatchObject({
      articleKey: 'article:1',
      commentKind: 'comment',
      authorName: 'Zoë',
      email: 'zoe@example.net',
      url: 'http://zoe.example.net',
      status: 'approved',
      ip: '10.0.0.5',
      html: '<p>Nice\npost, <em>really</em>.</p>\n',
    });
    expect(byKey(items, 'comment', 'comment:6').status).toBe('spam');
    expect(byKey(items, 'comment', 'comment:7').status).toBe('approved');
    expect(byKey(items, 'comment', 'comment:9').status).toBe('pending');
    expect(byKey(items, 'comment', 'trackback:8')).toMatchObject({
      commentKind: 'trackback',
      authorName: 'Other blog',
      url: 'http://other.example.com/2007/03/08/linked',
      html: '<p><strong>Linked here</strong></p>\n<p>They said &quot;good things&quot; about it.</p>',
    });
    expect(byKey(items, 'skipped', 'comment:10').reason).toContain('(99)');
    expect(byKey(items, 'attachment', 'resource:1')).toMatchObject({
      url: 'http://blog.example.org/files/cat.jpg',
      relativePath: 'cat.jpg',
    });
    expect(byKey(items, 'redirect', 'redirect:1')).toMatchObject({
      from: '/old/about-me',
      to: { type: 'url', url: '/pages/about' },
    });
  });

  it('reports the dump read in bytes as it goes', async () => {
    const seen: number[] = [];
    for await (const item of open(dump).items((progress) => seen.push(progress.done / progress.total))) void item;
    expect(seen.length).toBeGreaterThan(1);
    expect(Math.max(...seen)).toBeLessThanOrEqual(1);
    expect(seen.at(-1)).toBe(1);
  });
});

describe('Typo 6 from its SQLite file', () => {
  it('reads feedback apart, categorizations, nested categories, the permalink format, and skips unsaved drafts', async () => {
    const path = await sqliteFromScript(script, scratch.dir, 'typo-6.sqlite');
    const items = await readAll(open(path));
    expect(items[0]).toMatchObject({ identity: 'typo:https://typo6.example.net', title: "Frédéric's Typo 🎸" });
    expect(byKey(items, 'term', 'category:2')).toMatchObject({ name: 'Jazz & Blues', parentKey: 'category:1' });
    const article = byKey(items, 'article', 'article:1');
    expect(article).toMatchObject({
      title: 'Première note',
      status: 'published',
      termKeys: ['category:2', 'category:1', 'tag:1'],
      allowComments: true,
    });
    expect(article.body).toEqual({
      format: 'source',
      source: 'Un *texte* avec « guillemets » et C:\\path',
      textFilter: 'smartypants-markdown',
    });
    expect(article.oldAddresses).toEqual([
      '/articles/read/1',
      '/2011/05/06/premiere-note',
      '/2011/05/premiere-note.html',
    ]);
    expect(byKey(items, 'skipped', 'article:2').reason).toContain('draft of article 1');
    expect(byKey(items, 'article', 'article:3')).toMatchObject({
      status: 'draft',
      notes: ['withdrawn on Typo: imported as a draft'],
    });
    expect(byKey(items, 'page', 'page:4')).toMatchObject({
      slug: 'colophon',
      body: { format: 'source', source: 'Made with *Typo*.', textFilter: 'markdown' },
    });
    expect(byKey(items, 'comment', 'comment:1')).toMatchObject({
      status: 'approved',
      authorName: 'Léa',
      html: '<p>Très <em>bien</em></p>\n',
    });
    expect(byKey(items, 'comment', 'comment:2').status).toBe('spam');
    expect(byKey(items, 'comment', 'trackback:3')).toMatchObject({ status: 'approved', authorName: 'Elsewhere' });
    expect(byKey(items, 'attachment', 'resource:1')).toMatchObject({
      relativePath: 'song.mp3',
      url: 'https://typo6.example.net/files/song.mp3',
    });
    expect(byKey(items, 'redirect', 'redirect:1')).toMatchObject({
      from: '/3vwm',
      to: { type: 'url', url: 'https://typo6.example.net/2011/05/premiere-note.html' },
    });
  });
});

describe('what is not a Typo database', () => {
  async function failure(path: string): Promise<ImportInputError> {
    const error: unknown = await readAll(open(path)).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ImportInputError);
    return error as ImportInputError;
  }

  it('names the line where a dump is malformed', async () => {
    const text = await readFile(dump, 'utf8');
    const lines = text.split('\n');
    const at = lines.findIndex((line) => line.startsWith('INSERT INTO `categories`'));
    lines[at] = "INSERT INTO `categories` VALUES (1,'Ruby',0,'ruby'),(2,'Café Society',1,'cafe-society' junk);";
    const path = join(scratch.dir, 'malformed.sql');
    await writeFile(path, lines.join('\n'));
    const error = await failure(path);
    expect(error.line).toBe(at + 1);
    expect(error.message).toContain(`line ${at + 1}`);
  });

  it('says a truncated dump ends inside a value, at the line it opened', async () => {
    const text = await readFile(dump, 'utf8');
    const cut = text.indexOf('The rest of the story');
    const path = join(scratch.dir, 'truncated.sql');
    await writeFile(path, text.slice(0, cut));
    const error = await failure(path);
    expect(error.message).toMatch(/truncated/);
    expect(error.line).toBe(text.slice(0, cut).split('\n').length);
  });

  it('refuses XML, a Mephisto database, an empty file and a SQLite file of something else', async () => {
    const xml = join(scratch.dir, 'feed.xml');
    await writeFile(xml, '<?xml version="1.0"?><rss></rss>');
    expect((await failure(xml)).message).toMatch(/not a Typo database.*XML/);
    expect((await failure('test/fixtures/import/mephisto/mephisto-0.8.mysqldump.sql')).message).toMatch(
      /Mephisto database/,
    );
    const empty = join(scratch.dir, 'empty.sql');
    await writeFile(empty, '');
    expect((await failure(empty)).message).toMatch(/empty/);
    const other = join(scratch.dir, 'other.sqlite');
    await writeFile(join(scratch.dir, 'other.sql'), 'CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);');
    await sqliteFromScript(join(scratch.dir, 'other.sql'), scratch.dir, 'other.sqlite');
    expect((await failure(other)).message).toMatch(/not a Typo database.*found: notes/);
  });
});
