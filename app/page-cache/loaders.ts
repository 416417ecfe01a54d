/**
 * What the sweeper and the schedule read from the blog's database, through the direct connection (queryRows and readRows in
 * models/db.ts): every worker runs the schedule, and one that only serves readers never loads the ORM.
 */
import { queryRows, readRows } from '#app/models/db.ts';
import { sqliteTimestamp } from '#app/models/sqlite.ts';
import { scheduledSql, visibleSql } from '#app/models/article/visibility.ts';
import type { ArticleFacts } from '#app/page-cache/footprint.ts';

const chunk = 500;

export async function articleFacts(ids: readonly number[]): Promise<ArticleFacts[]> {
  const found: ArticleFacts[] = [];
  for (let i = 0; i < ids.length; i += chunk) {
    const some = ids.slice(i, i + chunk);
    found.push(
      ...toFacts(await queryRows<FactsRow>(factsWhere(`a."id" IN (${some.map(() => '?').join(', ')})`), ...some)),
    );
  }
  return found;
}

/** Every article (for "all articles changed"). */
export function allArticleFacts(): ArticleFacts[] {
  return [...eachArticleFacts()];
}

/**
 * Every article, a thousand rows at a time by id, for the index's first
 * picture: a 100,000-article blog is never held in memory at once.
 */
export function* eachArticleFacts(): Generator<ArticleFacts> {
  let after = 0;
  for (;;) {
    const some = toFacts(readRows<FactsRow>(factsWhere(`a."id" > ? ORDER BY a."id" LIMIT 1000`), after));
    if (some.length === 0) return;
    yield* some;
    after = some[some.length - 1]!.id;
  }
}

/**
 * The ids of the visible articles just before and after a place in time, as
 * the article page's previous/next links pick them (see `neighbour` in
 * models/article/reading.ts); the article itself is left out, wherever it is now.
 */
export async function neighbourIds(article: { id: number; publishedAt: number }, now: Date): Promise<number[]> {
  const at = sqliteTimestamp(new Date(article.publishedAt));
  // One upper bound for the older side (two would leave SQLite to pick the wrong one and walk the gap).
  const olderBound = sqliteTimestamp(new Date(Math.min(article.publishedAt, now.getTime())));
  const [previous] = await queryRows<{ id: number }>(
    `SELECT "id" FROM "Article" WHERE ${visibleSql('')} AND "id" <> ? AND ("publishedAt" < ? OR "id" < ?)
      ORDER BY "publishedAt" DESC, "id" DESC LIMIT 1`,
    olderBound,
    article.id,
    at,
    article.id,
  );
  const [next] = await queryRows<{ id: number }>(
    `SELECT "id" FROM "Article" WHERE ${visibleSql('')} AND "id" <> ? AND "publishedAt" >= ? AND ("publishedAt" > ? OR "id" > ?)
      ORDER BY "publishedAt" ASC, "id" ASC LIMIT 1`,
    sqliteTimestamp(now),
    article.id,
    at,
    at,
    article.id,
  );
  return [previous?.id, next?.id].filter((id): id is number => id !== undefined);
}

export async function articleIdsWith(
  by: { tag: number } | { author: number } | { section: number },
): Promise<number[]> {
  const [sql, id] =
    'tag' in by
      ? [`SELECT "articleId" AS "id" FROM "Tagging" WHERE "tagId" = ?`, by.tag]
      : 'author' in by
        ? [`SELECT "id" FROM "Article" WHERE "authorId" = ?`, by.author]
        : [`SELECT "id" FROM "Article" WHERE "sectionId" = ?`, by.section];
  return (await queryRows<{ id: number }>(sql, id)).map((row) => row.id);
}

export async function commentFacts(id: number): Promise<{ status: string; articleId: number } | null> {
  const [comment] = await queryRows<{ status: string; articleId: number }>(
    `SELECT "status", "articleId" FROM "Comment" WHERE "id" = ?`,
    id,
  );
  return comment ?? null;
}

/** "slug\tname" of a tag, or null when it is gone. */
export async function tagName(id: number): Promise<string | null> {
  const [tag] = await queryRows<{ slug: string; name: string }>(`SELECT "slug", "name" FROM "Tag" WHERE "id" = ?`, id);
  return tag ? `${tag.slug}\t${tag.name}` : null;
}

/** "login\tdisplay name" of an author, or null when gone. */
export async function authorName(id: number): Promise<string | null> {
  const [user] = await queryRows<{ login: string; displayName: string }>(
    `SELECT "login", "displayName" FROM "User" WHERE "id" = ?`,
    id,
  );
  return user ? `${user.login}\t${user.displayName}` : null;
}

/** Every tag's and author's name, keyed as the index keeps them. */
export async function allNames(): Promise<Array<[string, string]>> {
  const tags = await queryRows<{ id: number; slug: string; name: string }>(`SELECT "id", "slug", "name" FROM "Tag"`);
  const users = await queryRows<{ id: number; login: string; displayName: string }>(
    `SELECT "id", "login", "displayName" FROM "User"`,
  );
  return [
    ...tags.map((t): [string, string] => [`tag:${t.id}`, `${t.slug}\t${t.name}`]),
    ...users.map((u): [string, string] => [`user:${u.id}`, `${u.login}\t${u.displayName}`]),
  ];
}

/** Published articles whose time came in (since, now]: schedules another program may have written. */
export async function articlesDueBetween(since: Date, now: Date): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(
    `SELECT "id" FROM "Article" WHERE ${visibleSql('')} AND "publishedAt" > ?`,
    sqliteTimestamp(now),
    sqliteTimestamp(since),
  );
  return rows.map((row) => row.id);
}

/** When the next scheduled article goes live, if one is waiting. */
export async function nextPublication(now: Date): Promise<number | undefined> {
  const [next] = await queryRows<{ publishedAt: string }>(
    `SELECT "publishedAt" FROM "Article" WHERE ${scheduledSql('')} ORDER BY "publishedAt" LIMIT 1`,
    sqliteTimestamp(now),
  );
  return next ? new Date(next.publishedAt).getTime() : undefined;
}

type FactsRow = Omit<ArticleFacts, 'publishedAt' | 'updatedAt' | 'taggings'> & {
  publishedAt: string | null;
  updatedAt: string;
  /** Tag ids as a comma list. */
  tagIds: string | null;
};

/** The articles matching `where`, with their tag ids, in one statement. */
function factsWhere(where: string): string {
  return `SELECT a."id", a."title", a."slug", a."state", a."publishedAt", a."publishedOn", a."authorId", a."sectionId", a."commentsCount", a."updatedAt",
            (SELECT group_concat(g."tagId") FROM "Tagging" g WHERE g."articleId" = a."id") AS "tagIds"
       FROM "Article" a WHERE ${where}`;
}

function toFacts(rows: FactsRow[]): ArticleFacts[] {
  return rows.map(({ tagIds, ...row }) => ({
    ...row,
    publishedAt: row.publishedAt === null ? null : new Date(row.publishedAt),
    updatedAt: new Date(row.updatedAt),
    taggings: tagIds ? tagIds.split(',').map((tagId) => ({ tagId: Number(tagId) })) : [],
  }));
}
