/**
 * The round trip: a seeded blog exported as a Folio archive and imported
 * into an empty blog answers every public page and feed the same, byte for
 * byte (but an error page's request id, made per request): home and its pages, each permalink and its comment feeds, date
 * archives, tags, sections, pages, authors, search, the site feeds, the
 * sitemap, the uploads and the redirect.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { seedBlog } from '#test/request/export/seeded-blog.ts';
import { db } from '#app/models/db.ts';
import { uploadDirs } from '#config/uploads.ts';
import { loadThemes } from '#app/themes/registry.ts';
import { articlePath, authorPath, pagePath, sectionPath, tagPath } from '#app/helpers/permalinks.ts';
import { allNames } from '#app/models/upload/storage.ts';
import { exportContext } from '#app/exporters/context.ts';
import { writeExport } from '#app/exporters/index.ts';
import { runImport } from '#app/importers/index.ts';
import { defaultImportOptions } from '#app/importers/source.ts';
import type { ImportReport } from '#app/importers/report.ts';

interface Answer {
  status: number;
  type: string;
  location: string;
  body: string;
}

describe('export folio, import it into an empty blog', () => {
  let scratch: string;
  let paths: string[];
  let before: Map<string, Answer>;
  let after: Map<string, Answer>;
  let report: ImportReport;
  let redirects: { fromPath: string; targetType: string; toUrl: string }[];

  beforeAll(async () => {
    scratch = mkdtempSync(path.join(tmpdir(), 'folio-round-trip-'));
    const archive = path.join(scratch, 'blog.tar.gz');

    const original: TestApp = await startTestApp();
    try {
      await seedBlog(original.config);
      paths = await publicPaths();
      before = await answers(original.app, paths);
      const out = createWriteStream(archive);
      await writeExport('folio', out, await exportContext(original.config, loadThemes()));
      out.end();
      await once(out, 'close');
    } finally {
      await original.close();
    }

    const copy: TestApp = await startTestApp();
    try {
      report = await runImport({
        format: 'folio',
        path: archive,
        options: { ...defaultImportOptions },
        uploads: uploadDirs(copy.config),
      });
      after = await answers(copy.app, paths);
      redirects = await db.redirect.findMany({ select: { fromPath: true, targetType: true, toUrl: true } });
    } finally {
      await copy.close();
    }
  }, 180_000);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('imports every record, skipping nothing', () => {
    expect(report.skipped).toEqual([]);
    expect(report.counts).toMatchObject({
      author: { created: 2 },
      article: { created: 9 },
      page: { created: 2 },
      comment: { created: 6 },
      attachment: { created: 1 },
    });
  });

  it('keeps the redirects (answered by the redirects branch; here, the rows)', () => {
    expect(redirects).toEqual([{ fromPath: '/old/about', targetType: 'url', toUrl: '/pages/about' }]);
  });

  it('answers every public page, feed, upload and redirect the same', () => {
    expect(paths.length).toBeGreaterThan(60);
    const differing = paths.filter((p) => JSON.stringify(after.get(p)) !== JSON.stringify(before.get(p)));
    expect(differing).toEqual([]);
    // A sanity check on the check: the pages compared are real pages.
    expect(before.get('/')!.body).toContain('Weekly note 2');
    expect(before.get('/pages/about')!.status).toBe(200);
  });

  it('shows the differences, if any, in full', () => {
    for (const p of paths) expect({ path: p, ...after.get(p) }).toEqual({ path: p, ...before.get(p) });
  });
});

/** Every public address of the seeded blog, read from its database. */
async function publicPaths(): Promise<string[]> {
  const [articles, tags, sections, pages, users, assets, settings] = await Promise.all([
    db.article.findMany({ select: { publishedOn: true, slug: true } }),
    db.tag.findMany({ select: { slug: true } }),
    db.section.findMany({ select: { slug: true } }),
    db.page.findMany({ select: { slug: true } }),
    db.user.findMany({ select: { login: true } }),
    db.asset.findMany({ select: { storedName: true } }),
    db.setting.findUniqueOrThrow({ where: { id: 1 } }),
  ]);
  const withFeeds = (p: string) => [p, `${p}.atom`, `${p}.rss`];
  const days = new Set(articles.flatMap((a) => (a.publishedOn ? [a.publishedOn] : [])));
  const homePages = Math.ceil(articles.length / settings.articlesPerPage) + 1;
  return [
    '/',
    ...Array.from({ length: homePages }, (_, i) => `/page/${i + 2}`),
    '/archives',
    ...articles.flatMap((a) => withFeeds(articlePath(a))),
    ...[...days].flatMap((day) => {
      const [y, m, d] = day.split('-');
      return [`/${y}`, `/${y}/${m}`, `/${y}/${m}/${d}`];
    }),
    '/tags',
    ...tags.flatMap((t) => withFeeds(tagPath(t.slug))),
    ...sections.flatMap((s) => withFeeds(sectionPath(s.slug))),
    ...pages.map((p) => pagePath(p.slug)),
    ...users.flatMap((u) => withFeeds(authorPath(u.login))),
    '/search?q=engine',
    '/search?q=weekly',
    '/search?q=nowhere-to-be-found',
    '/articles.atom',
    '/articles.rss',
    '/comments.atom',
    '/comments.rss',
    '/sitemap.xml',
    '/robots.txt',
    ...assets.flatMap((a) => allNames(a.storedName).map((name) => `/uploads/${name}`)),
    '/old/about',
  ];
}

async function answers(app: Express, paths: string[]): Promise<Map<string, Answer>> {
  const result = new Map<string, Answer>();
  for (const p of paths) {
    const res = await request(app)
      .get(p)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    result.set(p, {
      status: res.status,
      type: String(res.headers['content-type'] ?? ''),
      location: String(res.headers.location ?? ''),
      body: withoutRequestId((res.body as Buffer).toString('latin1')),
    });
  }
  return result;
}

/** The one thing made per request: an error page's request id (a random id for the log), on both sides. */
function withoutRequestId(body: string): string {
  return body.replace(/(<code class="request-id">)[^<]*(<\/code>)/g, '$1…$2');
}
