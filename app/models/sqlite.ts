/**
 * SQLite-only database calls, kept in this one module so PostgreSQL can take
 * over by replacing it. Everything else goes through Prisma's portable API.
 */
import type { PrismaClient } from '#prisma/generated/client/client.ts';

/**
 * WAL lets readers run beside the writer; synchronous=FULL makes an
 * acknowledged write survive power loss (NORMAL in WAL mode can lose the last
 * commits). busy_timeout lets several worker processes share the file.
 */
export async function tuneConnection(client: PrismaClient): Promise<void> {
  await client.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await client.$executeRawUnsafe('PRAGMA synchronous = FULL');
  await client.$queryRawUnsafe('PRAGMA busy_timeout = 5000');
  await client.$executeRawUnsafe('PRAGMA foreign_keys = ON');
}

export interface SearchHit {
  id: number;
  snippet: string;
}

/** Marks that survive HTML escaping, replaced by <mark> afterwards. */
export const snippetMarks = { open: '\u0002', close: '\u0003' } as const;

/**
 * Ranked full-text search over visible articles (FTS5, bm25 with the title
 * weighted highest). `match` must already be a quoted FTS5 expression.
 */
export async function searchArticles(client: PrismaClient, match: string, now: Date, limit: number, offset: number): Promise<{ hits: SearchHit[]; total: number }> {
  const visible = `a."state" = 'published' AND a."publishedAt" <= ?`;
  // Prisma's SQLite adapter stores DateTime as ISO 8601 with a +00:00 offset.
  const nowValue = now.toISOString().replace('Z', '+00:00');
  const hits = await client.$queryRawUnsafe<{ id: bigint | number; snippet: string }[]>(
    `SELECT a."id" AS id,
            snippet("ArticleSearch", -1, '${snippetMarks.open}', '${snippetMarks.close}', '…', 24) AS snippet
       FROM "ArticleSearch" s JOIN "Article" a ON a."id" = s.rowid
      WHERE "ArticleSearch" MATCH ? AND ${visible}
      ORDER BY bm25("ArticleSearch", 10.0, 4.0, 1.0), a."publishedAt" DESC
      LIMIT ? OFFSET ?`,
    match, nowValue, limit, offset,
  );
  const [count] = await client.$queryRawUnsafe<{ total: bigint | number }[]>(
    `SELECT count(*) AS total FROM "ArticleSearch" s JOIN "Article" a ON a."id" = s.rowid
      WHERE "ArticleSearch" MATCH ? AND ${visible}`,
    match, nowValue,
  );
  return { hits: hits.map((h) => ({ id: Number(h.id), snippet: h.snippet })), total: Number(count?.total ?? 0) };
}
