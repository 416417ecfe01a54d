/**
 * The PostgreSQL dialect of the database boundary (boundary.ts): for a blog
 * that outgrows one host. Reader queries may go to a streaming replica
 * (`replicaUrl`); everything else uses the primary.
 */
import type { BlogDatabase, DatabaseOptions } from '#app/database/boundary.ts';
import { postgresAdapterFactory } from '#app/database/postgresql/adapter.ts';
import type pg from 'pg';
import { openPool, rowsOn, type Rows } from '#app/database/postgresql/pool.ts';
import { lagLimitMs, replicaRouter } from '#app/database/postgresql/replica.ts';
import { redactUrl } from '#app/database/url.ts';
import { bulkInsert, resetIdSequences } from '#app/database/postgresql/bulk.ts';
import { postgresReading } from '#app/database/postgresql/reading.ts';
import { postgresSearch } from '#app/database/postgresql/search.ts';
import { postgresCacheFacts } from '#app/database/postgresql/cache-facts.ts';
import { postgresLookups } from '#app/database/postgresql/lookups.ts';
import { postgresChangeFeed } from '#app/database/postgresql/change-feed.ts';

export function openPostgres(databaseUrl: string, options: DatabaseOptions = {}): BlogDatabase {
  const noteLost = () => {};
  const primary = openPool(databaseUrl, noteLost);
  const primaryRows = rowsOn(primary, options.onQuery);
  const replica = options.replicaUrl ? openReplica(primary, primaryRows, options.replicaUrl, options) : undefined;
  // Reader pages may read the replica; the page cache's facts (read for sweeps, right after writes) never do.
  const readerRows = replica?.router.rows ?? primaryRows;
  // Not counted by onQuery: the feed's reads run beside pages, not for them.
  const changeFeed = postgresChangeFeed(databaseUrl, rowsOn(primary));
  return {
    kind: 'postgresql',
    adapterFactory: () => postgresAdapterFactory(databaseUrl, noteLost),
    reading: postgresReading(readerRows),
    search: postgresSearch(readerRows),
    cacheFacts: postgresCacheFacts(primaryRows),
    lookups: postgresLookups(readerRows),
    fillSearchText: (plainText, countWords) => fillSearchText(primary, plainText, countWords),
    bulkInsert: (batches) => bulkInsert(primary, batches),
    resetIdSequences: (tables) => resetIdSequences(primary, tables),
    ...(replica && { replica: replica.router }),
    changeFeed,
    close: async () => {
      await changeFeed.close();
      await Promise.all([primary.end(), replica?.pool.end()]);
    },
  };
}

/** A replica that takes over a second to connect, or the lag limit to answer, is left for the primary (replica.ts). */
function openReplica(primary: pg.Pool, primaryRows: Rows, replicaUrl: string, options: DatabaseOptions) {
  const pool = openPool(replicaUrl, () => {}, { connectTimeoutMs: 1000, queryTimeoutMs: lagLimitMs });
  const router = replicaRouter({
    primary,
    primaryRows,
    replica: pool,
    replicaRows: rowsOn(pool, options.onQuery, 'replica'),
    replicaName: redactUrl(replicaUrl),
    onChange: options.onReplicaChange,
  });
  return { pool, router };
}

/** Search's plain text for articles saved before it existed, 500 rows a statement, in one transaction. */
async function fillSearchText(
  pool: ReturnType<typeof openPool>,
  plainText: (html: string) => string,
  countWords: (text: string) => number,
): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    let filled = 0;
    for (let after = 0; ;) {
      const { rows } = await client.query<{ id: number; excerptHtml: string; bodyHtml: string }>(
        `SELECT "id", "excerptHtml", "bodyHtml" FROM "Article" WHERE "bodyText" IS NULL AND "id" > $1 ORDER BY "id" LIMIT 500`,
        [after],
      );
      if (rows.length === 0) break;
      const bodies = rows.map((r) => plainText(r.bodyHtml));
      await client.query(
        `UPDATE "Article" a SET "excerptText" = f.excerpt, "bodyText" = f.body, "wordCount" = f.words
           FROM unnest($1::int[], $2::text[], $3::text[], $4::int[]) AS f(id, excerpt, body, words) WHERE a."id" = f.id`,
        [rows.map((r) => r.id), rows.map((r) => plainText(r.excerptHtml)), bodies, bodies.map(countWords)],
      );
      filled += rows.length;
      after = rows[rows.length - 1]!.id;
    }
    await client.query('COMMIT');
    return filled;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
