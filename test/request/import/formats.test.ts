/**
 * Each real source end to end (on SQLite and on PostgreSQL): an export of
 * WordPress, Ghost, a feed and a Markdown folder goes in through runImport,
 * the same call as `npm run import` and the admin's import, and comes out
 * as reader pages; every old address remembered answers 301 to a page that
 * answers 200. A second run creates nothing; a truncated export writes nothing.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import path from 'node:path';
import { startTestApp, testBaseUrl, type TestApp } from '#test/support/app.ts';
import { db } from '#app/models/db.ts';
import { runImport } from '#app/importers/index.ts';
import { defaultImportOptions, type ImportFormat, type ImportOptions } from '#app/importers/source.ts';
import type { ImportReport } from '#app/importers/report.ts';
import { articlePath } from '#app/helpers/permalinks.ts';
import { uploadDirs } from '#config/uploads.ts';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/import');
const wordpress = path.join(fixtures, 'wordpress');

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ welcome: true });
});
afterAll(() => t.close());

function importFile(format: ImportFormat, file: string, options: Partial<ImportOptions> = {}): Promise<ImportReport> {
  return runImport({
    format,
    path: file,
    options: { ...defaultImportOptions, ...options },
    uploads: uploadDirs(t.config),
  });
}

async function rowCounts() {
  const [articles, pages, comments, tags, sections, users, assets, redirects, imported] = await Promise.all([
    db.article.count(),
    db.page.count(),
    db.comment.count(),
    db.tag.count(),
    db.section.count(),
    db.user.count(),
    db.asset.count(),
    db.redirect.count(),
    db.importedRecord.count(),
  ]);
  return { articles, pages, comments, tags, sections, users, assets, redirects, imported };
}

/** GET, following this blog's own 301s (at most 3), to the final response. */
async function follow(address: string) {
  let target = address;
  for (let hop = 0; hop < 3; hop++) {
    const response = await request(t.app).get(target);
    if (response.status !== 301) return { response, redirected: hop > 0 };
    const location = response.headers.location!;
    expect(location.startsWith(testBaseUrl) || location.startsWith('/')).toBe(true);
    target = location.startsWith(testBaseUrl) ? location.slice(testBaseUrl.length) : location;
  }
  throw new Error(`${address}: more than 3 redirects`);
}

/** Every old address the import remembered answers 301 to a reader page, unless its target is not public (a draft). */
async function expectOldAddressesWork(origin: string): Promise<number> {
  const redirects = await db.redirect.findMany({ where: { origin } });
  expect(redirects.length).toBeGreaterThan(0);
  let answered = 0;
  for (const redirect of redirects) {
    const first = await request(t.app).get(redirect.fromPath);
    if (first.status !== 301) continue;
    const { response } = await follow(redirect.fromPath);
    expect([redirect.fromPath, response.status]).toEqual([redirect.fromPath, 200]);
    answered++;
  }
  return answered;
}

async function publishedImported(origin: string) {
  const ids = await db.importedRecord.findMany({
    where: { source: origin, recordType: 'article' },
    select: { recordId: true },
  });
  return db.article.findMany({
    where: { id: { in: ids.map((r) => r.recordId) }, state: 'published', publishedAt: { lte: new Date() } },
  });
}

async function expectArticlePagesShowTitles(origin: string): Promise<void> {
  const articles = await publishedImported(origin);
  expect(articles.length).toBeGreaterThan(0);
  for (const article of articles) {
    const page = await request(t.app).get(articlePath(article));
    expect([articlePath(article), page.status]).toEqual([articlePath(article), 200]);
  }
}

describe('a WordPress export (WXR 1.2, WordPress 6)', () => {
  const file = path.join(wordpress, 'wp6-gutenberg.xml');
  const origin = 'wordpress:https://old.example.com/blog';
  let first: ImportReport;

  it('refuses a truncated export and writes nothing', async () => {
    const before = await rowCounts();
    await expect(importFile('wxr', path.join(wordpress, 'truncated.xml'))).rejects.toThrow(/line \d+/);
    expect(await rowCounts()).toEqual(before);
  });

  it('imports posts, pages, comments, terms and attachments, reporting what it left out', async () => {
    first = await importFile('wxr', file, { uploadsDir: path.join(wordpress, 'uploads') });
    expect(first.source.identity).toBe(origin);
    expect(first.counts.article?.created).toBeGreaterThanOrEqual(5);
    expect(first.counts.comment?.created).toBeGreaterThan(0);
    expect(first.counts.attachment?.created).toBeGreaterThan(0);
    expect(first.skipped.some((line) => /trash/.test(line.message))).toBe(true);
    expect(first.notes.some((line) => /password/.test(line.message))).toBe(true);
    expect(first.notes.some((line) => /missing\.png/.test(line.message))).toBe(true);
  });

  it('shows the imported articles on the reader site, with their comments and uploaded images', async () => {
    await expectArticlePagesShowTitles(origin);
    const { response, redirected } = await follow('/blog/2023/04/05/hello-gutenberg/');
    expect(redirected).toBe(true);
    expect(response.status).toBe(200);
    expect(response.text).toContain('Hello Gutenberg');
    expect(response.text).toMatch(/<img[^>]+src="[^"]*\/uploads\//);
    expect(response.text).not.toContain('wp-content/uploads');
    expect(response.text).not.toContain('<!-- wp:');
    // The permalink keeps the old blog's local day (00:30 on 5 April there, 4 April in UTC).
    expect((await follow('/?p=10')).response.text).toContain('Hello Gutenberg');
  });

  it('keeps non-ASCII titles and addresses', async () => {
    const { response } = await follow('/blog/2023/07/01/%e3%81%93%e3%82%93%e3%81%ab%e3%81%a1%e3%81%af/');
    expect(response.status).toBe(200);
    expect(response.text).toContain('こんにちは');
    expect(response.text).toContain('🎉');
  });

  it('answers every remembered old address with a 301 to a live page', async () => {
    expect(await expectOldAddressesWork(origin)).toBeGreaterThan(10);
    const feed = await request(t.app).get('/blog/feed/');
    expect(feed.status).toBe(301);
    expect(feed.headers.location).toBe(`${testBaseUrl}/articles.atom`);
  });

  it('creates nothing when run again', async () => {
    const before = await rowCounts();
    const again = await importFile('wxr', file, { uploadsDir: path.join(wordpress, 'uploads') });
    expect(await rowCounts()).toEqual(before);
    for (const byAction of Object.values(again.counts)) expect(byAction.created ?? 0).toBe(0);
    expect(again.counts.article?.unchanged).toBe(first.counts.article?.created);
  });
});

describe('a Ghost export, a feed and Markdown folders', () => {
  it('imports a Ghost 5 export: posts, pages, tags, authors, and its /slug/ addresses', async () => {
    const report = await importFile('ghost', path.join(fixtures, 'ghost', 'ghost5.json'));
    expect(report.counts.article?.created).toBeGreaterThan(0);
    await expectArticlePagesShowTitles(report.source.identity);
    const { response, redirected } = await follow('/unicode-html/');
    expect([redirected, response.status]).toEqual([true, 200]);
    expect(response.text).toContain('Ünïcödé');
    expect(await expectOldAddressesWork(report.source.identity)).toBeGreaterThan(0);
  });

  it('imports a full-content RSS feed', async () => {
    const report = await importFile('feed', path.join(fixtures, 'feed', 'wordpress-rss2.xml'));
    expect(report.counts.article?.created).toBeGreaterThan(0);
    await expectArticlePagesShowTitles(report.source.identity);
    const { response } = await follow('/?p=123');
    expect(response.status).toBe(200);
    expect(response.text).toContain('Hello “world”');
  });

  it('imports a Jekyll site and a Hugo site', async () => {
    for (const site of ['jekyll', 'hugo']) {
      const report = await importFile('markdown', path.join(fixtures, 'markdown', site));
      expect([site, (report.counts.article?.created ?? 0) > 0]).toEqual([site, true]);
      await expectArticlePagesShowTitles(report.source.identity);
      expect(await expectOldAddressesWork(report.source.identity)).toBeGreaterThan(0);
    }
  });

  it('refuses a malformed Ghost export and a broken front matter, writing nothing', async () => {
    const before = await rowCounts();
    await expect(importFile('ghost', path.join(fixtures, 'ghost', 'malformed.json'))).rejects.toThrow(/line \d+/);
    await expect(importFile('markdown', path.join(fixtures, 'markdown', 'broken-yaml'))).rejects.toThrow(/line \d+/);
    expect(await rowCounts()).toEqual(before);
  });
});
