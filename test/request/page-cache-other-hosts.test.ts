/**
 * The page cache follows what other app hosts write (app/page-cache/other-hosts.ts), on PostgreSQL: "another
 * host" here writes the blog's database without this process's announce and publishes the change to the feed
 * under its own origin, as a host's announce does.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startTestApp, testDatabaseKind, type TestApp } from '#test/support/app.ts';
import { waitFor } from '#test/support/wait-for.ts';
import { createArticle } from '#test/fixtures/factories.ts';
import { ada } from '#test/fixtures/cast.ts';
import { pageCacheOf, type PageCache } from '#app/page-cache/index.ts';
import { createApplication } from '#config/application.ts';
import { cacheFileFor } from '#app/page-cache/paths.ts';
import { feedPosition, indexOrigin } from '#app/page-cache/index-db.ts';
import { createLogger } from '#app/logger.ts';
import { database, db, type Article } from '#app/models/db.ts';
import type { RecordChange } from '#app/models/changes.ts';

const pages = ['/', '/2024/03/01/march-first', '/2024/03/02/march-second', '/tag/ruby', '/tag/rails'];
/** What retitling "March first" makes stale: its page, the listings showing it, its neighbour's link to it. */
const showingFirst = ['/', '/2024/03/01/march-first', '/2024/03/02/march-second', '/tag/ruby'];

describe.skipIf(testDatabaseKind() !== 'postgresql')('the page cache, with other app hosts on PostgreSQL', () => {
  let t: TestApp;
  let cache: PageCache;
  let first: Article;

  beforeEach(async () => {
    t = await startTestApp();
    cache = pageCacheOf(t.app)!;
    const author = await ada();
    first = await createArticle({ author, title: 'March first', tags: 'ruby', publishedAt: date('03-01') });
    await createArticle({ author, title: 'March second', tags: 'rails', publishedAt: date('03-02') });
    expect(await cache.caughtUp()).toBe(true);
    await warm();
  }, 60_000);
  afterEach(() => t.close());

  const cached = (urlPath: string) => existsSync(path.join(cache.root, cacheFileFor(urlPath)!));
  const cachedPages = () => pages.filter(cached);

  async function warm(): Promise<void> {
    for (const urlPath of pages) await request(t.app).get(urlPath).expect(200);
    await cache.idle();
    expect(cachedPages()).toEqual(pages);
  }

  /** Another host's write: the database changes, and the feed says so under that host's origin. */
  async function writeElsewhere(change: RecordChange, write: () => Promise<unknown>): Promise<void> {
    await write();
    await database().changeFeed.publish(change, ['another host']);
  }

  /** This host's processes start again (the old ones' cache closed): a new app on the same data dir. */
  function restart() {
    const app = createApplication(t.config, createLogger(t.config));
    return { app, cache: pageCacheOf(app)! };
  }

  const retitle = (title: string) =>
    writeElsewhere({ type: 'article', id: first.id }, () =>
      db.article.update({ where: { id: first.id }, data: { title } }),
    );

  it('expires exactly what another host’s write made stale, soon after it', async () => {
    const started = performance.now();
    await retitle('March first, retitled');
    await waitFor(() => cachedPages().length === pages.length - showingFirst.length, {
      message: () => `pages to expire: ${cachedPages().join(', ')}`,
    });
    await cache.idle();
    expect(cachedPages()).toEqual(['/tag/rails']);
    console.log(`page cache: another host's change expired here in ${Math.round(performance.now() - started)} ms`);
    const page = await request(t.app).get('/2024/03/01/march-first').expect(200);
    expect(page.text).toContain('March first, retitled');
  });

  it('another host switching webmentions off takes the Link header off cached pages, then expires them', async () => {
    const marker = path.join(cache.root, '.webmentions-on');
    expect(existsSync(marker)).toBe(true);
    await writeElsewhere({ type: 'settings', id: null }, () =>
      db.setting.update({ where: { id: 1 }, data: { webmentions: false } }),
    );
    await waitFor(() => cachedPages().length === 0, { message: () => `pages to expire: ${cachedPages().join(', ')}` });
    expect(existsSync(marker)).toBe(false);
    await writeElsewhere({ type: 'settings', id: null }, () =>
      db.setting.update({ where: { id: 1 }, data: { webmentions: true } }),
    );
    await waitFor(() => existsSync(marker), { message: 'the marker back' });
  });

  it('skips a change this host applied itself: its own writes are swept once, as they are made', async () => {
    const origin = indexOrigin(cache.index.db);
    await db.article.update({ where: { id: first.id }, data: { title: 'Changed quietly' } });
    await database().changeFeed.publish({ type: 'article', id: first.id }, [origin]);
    const newest = await database().changeFeed.newest();
    await waitFor(() => feedPosition(cache.index.db) === newest, { message: 'the change to be claimed' });
    await cache.idle();
    expect(cachedPages()).toEqual(pages);
  });

  it('replays what other hosts wrote while this host was down, before it serves', async () => {
    cache.close();
    await retitle('Written while away');
    const { cache: back } = restart();
    try {
      // The stale pages are still on disk, where a web server would find them, until the catch-up.
      expect(cached('/2024/03/01/march-first')).toBe(true);
      expect(await back.caughtUp()).toBe(true);
      await back.idle();
      // Replayed, not rebuilt: what the change did not touch is still served.
      expect(cachedPages()).toEqual(['/tag/rails']);
    } finally {
      back.close();
    }
  });

  it('expires every page and rereads the blog when it missed more than the feed keeps', async () => {
    cache.close();
    await retitle('Written long ago');
    await writeElsewhere({ type: 'settings', id: null }, () => Promise.resolve());
    // What pruning a day's worth does: only the newest change is left.
    await db.$executeRawUnsafe(`DELETE FROM "Change" WHERE "id" < (SELECT max("id") FROM "Change")`);
    const { app, cache: back } = restart();
    try {
      expect(await back.caughtUp()).toBe(true);
      await back.idle();
      expect(cachedPages()).toEqual([]);
      expect(back.stats().pages).toBe(0);
      expect(feedPosition(back.index.db)).toBe(await database().changeFeed.newest());
      // The reread picture is current: a later change is judged against it, and expires exactly its pages.
      for (const urlPath of pages) await request(app).get(urlPath).expect(200);
      await back.idle();
      expect(cachedPages()).toEqual(pages);
      await writeElsewhere({ type: 'article', id: first.id }, () =>
        db.article.update({ where: { id: first.id }, data: { title: 'Once more' } }),
      );
      await waitFor(() => cachedPages().length === 1, {
        message: () => `pages to expire: ${cachedPages().join(', ')}`,
      });
      await back.idle();
      expect(cachedPages()).toEqual(['/tag/rails']);
    } finally {
      back.close();
    }
  });
});

function date(monthDay: string): Date {
  return new Date(`2024-${monthDay}T10:00:00Z`);
}
