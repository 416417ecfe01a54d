/**
 * The change feed (app/database/boundary.ts's ChangeFeed) between two
 * "hosts": two BlogDatabases on one PostgreSQL database, each with its own
 * pool and listening connection, as two app hosts have. On SQLite the feed
 * has no one to tell.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openBlogDatabase, type BlogDatabase, type FeedEntry, type FeedSubscription } from '#app/database/index.ts';
import { feedApplicationName } from '#app/database/postgresql/change-feed.ts';
import { copyTemplateDatabase, testDatabaseKind } from '#test/support/app.ts';
import { withDatabase } from '#test/support/template-database.ts';
import { execSql } from '#test/support/postgres.ts';
import { waitFor } from '#test/support/wait-for.ts';

let dir: string;
let database: Awaited<ReturnType<typeof copyTemplateDatabase>>;
let hostA: BlogDatabase;
let hostB: BlogDatabase;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'folio-feed-'));
  database = await copyTemplateDatabase(dir);
  hostA = await openBlogDatabase(database.url);
  hostB = await openBlogDatabase(database.url);
});

afterAll(async () => {
  await hostA?.close();
  await hostB?.close();
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** A subscriber that keeps its place in memory, as a page cache keeps it in its index. */
function follow(host: BlogDatabase, position: number | undefined) {
  const seen = { position, entries: [] as FeedEntry[], restarts: 0, failures: [] as Error[] };
  const subscription: FeedSubscription = host.changeFeed.subscribe({
    position: () => seen.position,
    apply: (entries) => {
      for (const entry of entries) {
        expect(entry.id).toBeGreaterThan(seen.position!);
        seen.entries.push(entry);
        seen.position = entry.id;
      }
      return Promise.resolve();
    },
    restart: async () => {
      seen.restarts += 1;
      seen.position = await host.changeFeed.newest();
    },
    failed: (error) => seen.failures.push(error),
  });
  return { seen, subscription };
}

const article = (id: number) => ({ type: 'article', id });

describe.skipIf(testDatabaseKind() !== 'sqlite')('on SQLite', () => {
  it('has one host: publishing tells no one, and a subscriber is up to date at once', async () => {
    expect(hostA.changeFeed.shared).toBe(false);
    await hostA.changeFeed.publish(article(1), ['a']);
    const { seen, subscription } = follow(hostA, 0);
    await subscription.caughtUp;
    await subscription.close();
    expect(seen.entries).toEqual([]);
  });
});

describe.skipIf(testDatabaseKind() !== 'postgresql')('on PostgreSQL', () => {
  it('gives both hosts every change, in one order, whichever host published it', async () => {
    const start = await hostA.changeFeed.newest();
    const a = follow(hostA, start);
    const b = follow(hostB, start);
    await Promise.all([a.subscription.caughtUp, b.subscription.caughtUp]);
    // Published concurrently from both hosts: ids must still commit in id order, or a reader could skip one.
    await Promise.all(
      Array.from({ length: 20 }, (_, n) => (n % 2 ? hostB : hostA).changeFeed.publish(article(n), [n % 2 ? 'b' : 'a'])),
    );
    await waitFor(() => a.seen.entries.length === 20 && b.seen.entries.length === 20, {
      message: () => `both to see 20 changes (a ${a.seen.entries.length}, b ${b.seen.entries.length})`,
    });
    expect(b.seen.entries).toEqual(a.seen.entries);
    expect(new Set(a.seen.entries.map((e) => e.change.id))).toEqual(new Set(Array.from({ length: 20 }, (_, n) => n)));
    expect(a.seen.entries.find((e) => e.change.id === 3)?.origins).toEqual(['b']);
    expect(a.seen.restarts + b.seen.restarts).toBe(0);
    await Promise.all([a.subscription.close(), b.subscription.close()]);
  });

  it('replays, in order, what a subscriber missed while it was away', async () => {
    const start = await hostB.changeFeed.newest();
    const early = follow(hostB, start);
    await early.subscription.caughtUp;
    await early.subscription.close();
    for (const id of [101, 102, 103]) await hostA.changeFeed.publish(article(id), ['a']);
    const back = follow(hostB, early.seen.position);
    await back.subscription.caughtUp;
    expect(back.seen.entries.map((e) => e.change.id)).toEqual([101, 102, 103]);
    await back.subscription.close();
  });

  it('reconnects by itself when its connection is killed, and replays what was published meanwhile', async () => {
    const start = await hostB.changeFeed.newest();
    const { seen, subscription } = follow(hostB, start);
    await subscription.caughtUp;
    const maintenance = withDatabase(database.url, 'postgres');
    const name = new URL(database.url).pathname.slice(1);
    // Nobody may connect for a while, so the changes below are certainly published while it is away.
    await execSql(maintenance, `ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
    try {
      await execSql(
        maintenance,
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND application_name = '${feedApplicationName}'`,
      );
      await waitFor(() => seen.failures.length >= 1, { message: 'the subscriber to notice its connection died' });
      // Host A's pool keeps the connections it has: it can still publish.
      for (const id of [201, 202]) await hostA.changeFeed.publish(article(id), ['a']);
      await waitFor(() => seen.failures.length >= 2, { message: 'a reconnection to be refused' });
      expect(seen.entries).toEqual([]);
    } finally {
      await execSql(maintenance, `ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
    }
    const replayed = performance.now();
    // Well inside the feed's 10 s poll: the reconnection replays, with no notification to wake it.
    await waitFor(() => seen.entries.length === 2, { timeout: 6_000, message: 'the missed changes to be replayed' });
    console.log(`change feed: replayed after reconnecting in ${Math.round(performance.now() - replayed)} ms`);
    expect(seen.entries.map((e) => e.change.id)).toEqual([201, 202]);
    // And it listens again: the next change arrives by notification.
    await hostA.changeFeed.publish(article(203), ['a']);
    await waitFor(() => seen.entries.length === 3, { timeout: 2_000, message: 'a change after reconnecting' });
    await subscription.close();
  });

  it('tells a subscriber to start over when changes after its place were pruned', async () => {
    const before = await hostA.changeFeed.newest();
    for (const id of [301, 302]) await hostA.changeFeed.publish(article(id), ['a']);
    // Two days old: the next publish of a process that has not pruned yet (a new one) prunes them.
    await execSql(database.url, `UPDATE "Change" SET "createdAt" = "createdAt" - interval '2 days'`);
    const pruner = await openBlogDatabase(database.url);
    try {
      await pruner.changeFeed.publish(article(303), ['c']);
      await waitFor(async () => (await oldestId()) > before + 2, { message: 'the old changes to be pruned' });
    } finally {
      await pruner.close();
    }
    const { seen, subscription } = follow(hostB, before);
    await subscription.caughtUp;
    expect(seen.restarts).toBe(1);
    expect(seen.position).toBe(await hostA.changeFeed.newest());
    await hostA.changeFeed.publish(article(304), ['a']);
    await waitFor(() => seen.entries.length === 1, { message: 'the next change' });
    expect(seen.entries[0]!.change.id).toBe(304);
    await subscription.close();
  });

  it('tells a subscriber to start over when its place is beyond the newest change (the database went back)', async () => {
    const newest = await hostA.changeFeed.newest();
    const { seen, subscription } = follow(hostB, newest + 1000);
    await subscription.caughtUp;
    expect(seen.restarts).toBe(1);
    expect(seen.position).toBe(newest);
    await subscription.close();
  });
});

async function oldestId(): Promise<number> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ oldest: number }>('SELECT min("id") AS "oldest" FROM "Change"');
    return rows[0]?.oldest ?? 0;
  } finally {
    await client.end();
  }
}
