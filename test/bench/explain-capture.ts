/**
 * The statements reader pages really run, captured as they run: the app in
 * this process on the given database (page cache off), every reader page
 * requested once, and the page cache's own lookups called the way the
 * sweeper and the schedule call them. `connectDatabase`'s onQuery hook sees
 * each statement with its parameters; ORM statements come without them (and
 * are listed, not explained).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '#config/environment.ts';
import { createApplication } from '#config/application.ts';
import { createLogger } from '#app/logger.ts';
import { connectDatabase, database, db, disconnectDatabase } from '#app/models/db.ts';
import { forgetSettings } from '#app/models/settings.ts';
import { forgetNavigation } from '#app/models/section.ts';
import { pageCacheOf } from '#app/page-cache/index.ts';
import { authorPath, sectionPath, searchPath } from '#app/helpers/permalinks.ts';
import { discoverPages } from '#test/bench/pages.ts';
import { cacheOffEnv } from '#test/bench/shapes.ts';

export interface Captured {
  /** The page (or the cache's lookup) that ran it. */
  page: string;
  sql: string;
  /** Absent for the ORM's statements. */
  params?: readonly unknown[];
  durationMs: number;
}

export interface Capture {
  statements: Captured[];
  /** Round trips per page, ORM statements included. */
  roundTrips: Array<{ page: string; path: string; queries: number }>;
}

export async function captureReaderStatements(databaseUrl: string, scratchDir: string): Promise<Capture> {
  const statements: Captured[] = [];
  let page = '';
  const config = loadConfig({
    FOLIO_DATA_DIR: scratchDir,
    DATABASE_URL: databaseUrl,
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    ...cacheOffEnv,
  });
  await connectDatabase(config.databaseUrl, {
    onQuery: (q) => statements.push({ page, sql: q.sql, params: q.params, durationMs: q.durationMs }),
  });
  const app = createApplication(config, createLogger(config));
  const server = http.createServer(app);
  try {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const roundTrips: Capture['roundTrips'] = [];
    for (const [name, path] of await readerPages()) {
      // Settings and navigation are cached per process: forgotten, so every page shows its full cost.
      forgetSettings();
      forgetNavigation();
      const before = statements.length;
      page = name;
      // Not followed: the Typo feed's answer is a redirect (to the configured host).
      const res = await fetch(base + path, { redirect: 'manual' });
      await res.arrayBuffer();
      if (res.status >= 400) throw new Error(`GET ${path} answered ${res.status} ${res.headers.get('location') ?? ''}`);
      page = '';
      roundTrips.push({ page: name, path, queries: statements.length - before });
    }
    await pageCacheOf(app)?.idle();
    await cacheLookups((name) => (page = name));
    return { statements: statements.filter((s) => s.page !== ''), roundTrips };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    const cache = pageCacheOf(app);
    await cache?.idle();
    cache?.close();
    await disconnectDatabase();
  }
}

/** Every reader query of the boundary, by the pages that make it; found in the blog itself. */
async function readerPages(): Promise<Array<[string, string]>> {
  const paths = await discoverPages();
  const [, year, month, day] = /^\/(\d{4})\/(\d{2})\/(\d{2})\//.exec(paths.article) ?? [];
  const section = await db.section.findFirst({ where: { style: 'blog' }, orderBy: { position: 'asc' } });
  const author = await db.user.findFirst({ orderBy: { articles: { _count: 'desc' } } });
  const article = await db.article.findFirst({
    where: { publishedOn: paths.article.slice(1, 11).replaceAll('/', '-') },
    select: { id: true },
  });
  if (!year || !section || !author || !article) throw new Error('the seeded blog lacks a section, author or article');
  // A page a tenth of the way back (1,000 at 100,000 articles): its OFFSET is the cost that grows.
  const perPage = (await db.setting.findFirst())?.articlesPerPage ?? 10;
  const deep = (articles: number) => Math.max(2, Math.floor(articles / perPage / 10));
  const tagged = await db.tagging.count({ where: { tag: { slug: decodeURIComponent(paths.tag.split('/').at(-1)!) } } });
  const [home, tag] = [deep(await db.article.count()), deep(tagged)];
  return [
    ['home', '/'],
    ['page 2', '/page/2'],
    [`page ${home.toLocaleString('en')}`, `/page/${home}`],
    ['tag', paths.tag],
    [`tag page ${tag}`, `${paths.tag}/page/${tag}`],
    ['section', sectionPath(section.slug)],
    ['author', authorPath(author.login)],
    ['year', `/${year}`],
    ['month', `/${year}/${month}`],
    ['day', `/${year}/${month}/${day}`],
    ['article', paths.article],
    ['article comments feed', `${paths.article}.atom`],
    ['articles feed', paths.feed],
    ['comments feed', '/comments.atom'],
    ['article by id (Typo feed)', `/xml/articlerss/${article.id}/feed.xml`],
    ['search', paths.search],
    ['search, two words', searchPath('caching layouts')],
    ['search, no match', searchPath('xylophone')],
  ];
}

/**
 * The lookups whose answer is every article of a tag or an author (the
 * sweeper's, when one is renamed): a third of the blog for an author of
 * three, so a sequential scan can be the right plan; reported, not failed.
 */
export const unboundedLookups: ReadonlySet<string> = new Set([
  'cache: articleIdsWith tag',
  'cache: articleIdsWith author',
]);

/** What the sweeper and the schedule ask (cache-facts.ts), for one article of the middle of the blog. */
async function cacheLookups(as: (name: string) => void): Promise<void> {
  const facts = database().cacheFacts;
  const now = new Date();
  const middle = await db.article.findFirst({
    where: { state: 'published' },
    orderBy: { publishedAt: 'asc' },
    skip: Math.floor((await db.article.count()) / 2),
    select: { id: true, publishedAt: true, authorId: true, taggings: { select: { tagId: true }, take: 1 } },
  });
  const comment = await db.comment.findFirst({ select: { id: true } });
  if (!middle?.publishedAt || !comment) throw new Error('the seeded blog has no article or comment');
  const calls: Array<[string, () => Promise<unknown>]> = [
    ['cache: articleFacts', () => facts.articleFacts([middle.id])],
    [
      'cache: eachArticleFacts (first batch)',
      async () => {
        const each = facts.eachArticleFacts();
        await each.next();
        await each.return(undefined);
      },
    ],
    ['cache: neighbourIds', () => facts.neighbourIds({ id: middle.id, publishedAt: middle.publishedAt! }, now)],
    ['cache: articleIdsWith tag', () => facts.articleIdsWith({ tag: middle.taggings[0]?.tagId ?? 1 })],
    ['cache: articleIdsWith author', () => facts.articleIdsWith({ author: middle.authorId })],
    ['cache: commentFacts', () => facts.commentFacts(comment.id)],
    ['cache: articlesDueBetween', () => facts.articlesDueBetween(new Date(now.getTime() - 60_000), now)],
    ['cache: nextPublication', () => facts.nextPublication(now)],
  ];
  for (const [name, call] of calls) {
    as(name);
    await call();
  }
  as('');
}
