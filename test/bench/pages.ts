/**
 * The pages the benchmark drives, found in the seeded blog itself (no URL is
 * hard-coded but the site-wide ones), and the checks that a shape really
 * is what it claims: rendered by the app, or served from a cached file.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { db } from '#app/models/db.ts';
import { articlePath, tagPath, searchPath } from '#app/helpers/permalinks.ts';
import { cacheFileFor } from '#app/page-cache/paths.ts';

export const pageNames = ['home', 'article', 'month', 'tag', 'feed', 'search'] as const;
export type PageName = (typeof pageNames)[number];

/** A word the sample content uses throughout (prisma/seed/sample-content.ts). */
const searchWord = 'caching';

/**
 * Needs the database connected. The article is the median one by date (old
 * enough to have neighbours both ways); the month and tag are its own.
 */
export async function discoverPages(): Promise<Record<PageName, string>> {
  const published = { state: 'published', publishedAt: { lte: new Date() } };
  const count = await db.article.count({ where: published });
  if (count === 0) throw new Error('the blog has no published article to benchmark');
  const article = await db.article.findFirst({
    where: published,
    orderBy: { publishedAt: 'asc' },
    skip: Math.floor(count / 2),
    select: { slug: true, publishedOn: true, taggings: { select: { tag: { select: { slug: true } } }, take: 1 } },
  });
  const tag = article?.taggings[0]?.tag.slug ?? (await db.tag.findFirst({ select: { slug: true } }))?.slug;
  if (!article?.publishedOn || !tag) throw new Error('the seeded blog has no tagged, published article');
  const [year, month] = article.publishedOn.split('-');
  return {
    home: '/',
    article: articlePath(article),
    month: `/${year}/${month}`,
    tag: tagPath(tag),
    feed: '/articles.atom',
    search: searchPath(searchWord),
  };
}

/** Pages the page cache may hold (search never is: it is per query). */
export function isCacheable(urlPath: string): boolean {
  return cacheFileFor(urlPath) !== null;
}

/** A response from a cached file carries the file's strong ETag (size-mtime, as Apache and the fast path make it); the app's is weak. */
export function servedFromFile(res: Response): boolean {
  return /^"[0-9a-f]+-[0-9a-f]+"$/.test(res.headers.get('etag') ?? '');
}

/** GETs each path until it comes from a cached file (the app writes the file after answering). */
export async function warmCache(baseUrl: string, paths: string[], timeoutMs = 15_000): Promise<void> {
  for (const urlPath of paths) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await fetch(baseUrl + urlPath);
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`GET ${urlPath} answered ${res.status}`);
      if (!isCacheable(urlPath) || servedFromFile(res)) break;
      if (Date.now() > deadline)
        throw new Error(`GET ${urlPath} was still not served from the page cache after ${timeoutMs} ms`);
      await sleep(20);
    }
  }
}

/** A few rounds of every page, a few at a time: JIT, process caches, connection pools. */
export async function warmRender(baseUrl: string, paths: string[], rounds = 8): Promise<void> {
  for (const urlPath of paths) {
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let i = 0; i < rounds / 4; i++) {
          const res = await fetch(baseUrl + urlPath);
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`GET ${urlPath} answered ${res.status}`);
        }
      }),
    );
  }
}

/**
 * With the page cache off, nothing may land in the cache root and every
 * answer must come from the app; a reason when that is not so.
 */
export async function cacheOffProblem(
  baseUrl: string,
  paths: string[],
  cacheRoot: string,
): Promise<string | undefined> {
  await sleep(300); // the writer writes after the response
  for (const urlPath of paths) {
    const file = cacheFileFor(urlPath);
    if (file && existsSync(path.join(cacheRoot, file))) return `${path.join(cacheRoot, file)} was written`;
    const res = await fetch(baseUrl + urlPath);
    await res.arrayBuffer();
    if (servedFromFile(res)) return `GET ${urlPath} was answered from a file`;
  }
  return undefined;
}
