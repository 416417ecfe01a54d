import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { runFolio } from '#test/support/cli.ts';
import { createDatabase, startPostgresCluster, type PostgresCluster } from '#test/support/postgres.ts';

/** `npm run seed` on PostgreSQL: the same blog as on SQLite (cli.test.ts), through the bulk loader. */
describe('folio seed on PostgreSQL', () => {
  let cluster: PostgresCluster;
  let dir: string;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
    dir = mkdtempSync(path.join(tmpdir(), 'folio-seed-pg-'));
  });
  afterAll(async () => {
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads articles, taggings, comments and search, and leaves the planner fresh statistics', async () => {
    const url = await createDatabase(cluster, 'seeded');
    const result = await runFolio(['seed', '--articles', '2500'], { FOLIO_DATA_DIR: dir, DATABASE_URL: url });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Seeded 2500 articles and \d+ comments/);

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const count = async (sql: string) => Number((await client.query<{ n: string }>(sql)).rows[0]!.n);
      expect(await count(`SELECT count(*) AS n FROM "Article" WHERE "state" = 'published'`)).toBe(2501);
      // Over several batches, the ids follow the sample's order (its dates rise with its index).
      expect(
        await count(
          `SELECT count(*) AS n FROM (SELECT "publishedAt" < lag("publishedAt") OVER (ORDER BY "id") AS back FROM "Article" WHERE "id" > 1) o WHERE back`,
        ),
      ).toBe(0);
      expect(await count(`SELECT count(*) AS n FROM "Tagging"`)).toBeGreaterThan(2500);
      expect(await count(`SELECT count(*) AS n FROM "Comment"`)).toBeGreaterThan(1000);
      expect(
        await count(
          `SELECT count(*) AS n FROM "Tagging" g JOIN "Article" a ON a."id" = g."articleId" WHERE g."publishedAt" IS DISTINCT FROM a."publishedAt"`,
        ),
      ).toBe(0);
      expect(
        await count(
          `SELECT count(*) AS n FROM "Article" a WHERE a."commentsCount" != (SELECT count(*) FROM "Comment" c WHERE c."articleId" = a."id" AND c."status" = 'approved')`,
        ),
      ).toBe(0);
      expect(
        await count(
          `SELECT count(*) AS n FROM "Comment" c LEFT JOIN "Article" a ON a."id" = c."articleId" WHERE a."id" IS NULL`,
        ),
      ).toBe(0);
      expect(
        await count(`SELECT count(*) AS n FROM "Article" WHERE "searchVector" @@ plainto_tsquery('folio', 'caching')`),
      ).toBeGreaterThan(0);
      expect(
        await count(
          `SELECT count(*) AS n FROM pg_stat_user_tables WHERE relname IN ('Article', 'Tagging', 'Comment') AND last_analyze IS NOT NULL`,
        ),
      ).toBe(3);
    } finally {
      await client.end();
    }
  });
});
