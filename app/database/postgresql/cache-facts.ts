/** What the page cache's sweeper and schedule read, on PostgreSQL's direct pool. */
import type { ArticleFacts, CacheFactsQueries } from '#app/database/boundary.ts';
import { timestamp, type Rows } from '#app/database/postgresql/pool.ts';
import { scheduledSql, visibleSql } from '#app/database/visibility-sql.ts';

export function postgresCacheFacts(rows: Rows): CacheFactsQueries {
  return {
    async articleFacts(ids) {
      if (ids.length === 0) return [];
      return toFacts(await rows<FactsRow>(factsWhere(`a."id" = ANY(?::int[])`), ids));
    },

    async *eachArticleFacts() {
      for (let after = 0; ;) {
        const some = toFacts(await rows<FactsRow>(factsWhere(`a."id" > ? ORDER BY a."id" LIMIT 1000`), after));
        if (some.length === 0) return;
        yield* some;
        after = some[some.length - 1]!.id;
      }
    },

    async neighbourIds(article, now) {
      const at = timestamp(article.publishedAt);
      // One upper bound for the older side, as on SQLite (the same rule, the same plan).
      const olderBound = timestamp(new Date(Math.min(article.publishedAt.getTime(), now.getTime())));
      const [previous] = await rows<{ id: number }>(
        `SELECT "id" FROM "Article" WHERE ${visibleSql('')} AND "id" <> ? AND ("publishedAt" < ? OR "id" < ?)
          ORDER BY "publishedAt" DESC, "id" DESC LIMIT 1`,
        olderBound,
        article.id,
        at,
        article.id,
      );
      const [next] = await rows<{ id: number }>(
        `SELECT "id" FROM "Article" WHERE ${visibleSql('')} AND "id" <> ? AND "publishedAt" >= ? AND ("publishedAt" > ? OR "id" > ?)
          ORDER BY "publishedAt" ASC, "id" ASC LIMIT 1`,
        timestamp(now),
        article.id,
        at,
        at,
        article.id,
      );
      return [previous?.id, next?.id].filter((id): id is number => id !== undefined);
    },

    async articleIdsWith(by) {
      const [sql, id] =
        'tag' in by
          ? [`SELECT "articleId" AS "id" FROM "Tagging" WHERE "tagId" = ?`, by.tag]
          : 'author' in by
            ? [`SELECT "id" FROM "Article" WHERE "authorId" = ?`, by.author]
            : [`SELECT "id" FROM "Article" WHERE "sectionId" = ?`, by.section];
      return (await rows<{ id: number }>(sql, id)).map((row) => row.id);
    },

    async commentFacts(id) {
      const [comment] = await rows<{ status: string; articleId: number }>(
        `SELECT "status", "articleId" FROM "Comment" WHERE "id" = ?`,
        id,
      );
      return comment ?? null;
    },

    async tagName(id) {
      const [tag] = await rows<{ slug: string; name: string }>(`SELECT "slug", "name" FROM "Tag" WHERE "id" = ?`, id);
      return tag ?? null;
    },

    async authorName(id) {
      const [user] = await rows<{ login: string; displayName: string }>(
        `SELECT "login", "displayName" FROM "User" WHERE "id" = ?`,
        id,
      );
      return user ?? null;
    },

    allTagNames: () => rows(`SELECT "id", "slug", "name" FROM "Tag"`),
    allAuthorNames: () => rows(`SELECT "id", "login", "displayName" FROM "User"`),

    async articlesDueBetween(since, now) {
      const due = await rows<{ id: number }>(
        `SELECT "id" FROM "Article" WHERE ${visibleSql('')} AND "publishedAt" > ?`,
        timestamp(now),
        timestamp(since),
      );
      return due.map((row) => row.id);
    },

    async nextPublication(now) {
      const [next] = await rows<{ publishedAt: Date }>(
        `SELECT "publishedAt" FROM "Article" WHERE ${scheduledSql('')} ORDER BY "publishedAt" LIMIT 1`,
        timestamp(now),
      );
      return next?.publishedAt;
    },
  };
}

type FactsRow = Omit<ArticleFacts, 'taggings'> & { tagIds: number[] | null };

/** The articles matching `where`, with their tag ids, in one statement. */
function factsWhere(where: string): string {
  return `SELECT a."id", a."title", a."slug", a."state", a."publishedAt", a."publishedOn", a."authorId", a."sectionId", a."commentsCount", a."updatedAt",
            (SELECT array_agg(g."tagId") FROM "Tagging" g WHERE g."articleId" = a."id") AS "tagIds"
       FROM "Article" a WHERE ${where}`;
}

function toFacts(rows: FactsRow[]): ArticleFacts[] {
  return rows.map(({ tagIds, ...row }) => ({ ...row, taggings: (tagIds ?? []).map((tagId) => ({ tagId })) }));
}
