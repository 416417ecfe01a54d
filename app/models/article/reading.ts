/**
 * What readers' pages read: visible articles with their author, section and
 * tags, each page in one round trip. These are the hottest queries in Folio
 * and a Prisma include costs one query per relation (about 200 µs each on
 * SQLite), so they are single SQL statements on the direct reader (see
 * queryRows in db.ts), with each article's tags (and a permalink's
 * neighbours) gathered by JSON functions. Every statement is served by an index and stops after one page,
 * so its cost does not grow with the archive.
 *
 * SQLite dialect: `json_group_array`/`json_array`/`json_each` (PostgreSQL:
 * `json_agg`/`json_build_array`/`json_array_elements`). The tag listing also
 * relies on `Tagging.publishedAt`, which SQLite triggers keep.
 */
import { queryRows } from '#app/models/db.ts';
import { sqliteTimestamp } from '#app/models/sqlite.ts';
import { publishedSql, visibleSql, visibleTaggingSql } from '#app/models/article/visibility.ts';

/** An article as reader pages and feeds see it (admin records satisfy it too). */
export interface ReadableArticle {
  id: number;
  title: string;
  slug: string;
  excerptHtml: string;
  bodyHtml: string;
  publishedAt: Date | null;
  publishedOn: string | null;
  allowComments: boolean;
  commentsCount: number;
  createdAt: Date;
  updatedAt: Date;
  author: { login: string; displayName: string };
  section: { slug: string; name: string } | null;
  taggings: { tag: { name: string; slug: string } }[];
}

export interface ArticleLink {
  title: string;
  slug: string;
  publishedOn: string | null;
}

/** Which visible articles a listing shows. */
export type ListingFilter =
  | { kind: 'all' }
  | { kind: 'tag'; tagId: number }
  | { kind: 'section'; sectionId: number }
  | { kind: 'author'; authorId: number }
  /** A publication-day prefix: "2006", "2006-02" or "2006-02-28". */
  | { kind: 'days'; prefix: string };

export interface ListingPage {
  articles: ReadableArticle[];
  page: number;
  /** Whether a next (older) page exists: found by reading one row more, never by counting. */
  hasOlder: boolean;
}

/** One page of visible articles matching `filter`, newest first. */
export async function listVisibleArticles(
  filter: ListingFilter,
  page: number,
  perPage: number,
  now = new Date(),
): Promise<ListingPage> {
  const at = sqliteTimestamp(now);
  const offset = (page - 1) * perPage;
  const { from, where, params, orderBy } = listingClauses(filter, at, offset + perPage + 1);
  const rows = await queryRows<ArticleRow>(
    `${selectArticles('', from?.sql)} WHERE ${visible} AND ${where} ORDER BY ${orderBy} LIMIT ? OFFSET ?`,
    ...(from?.params ?? []),
    at,
    ...params,
    perPage + 1,
    offset,
  );
  return { articles: rows.slice(0, perPage).map(toArticle), page, hasOlder: rows.length > perPage };
}

/** The visible article at a permalink, with its previous and next visible articles, or null. */
export async function findVisibleByPermalink(
  publishedOn: string,
  slug: string,
  now = new Date(),
): Promise<{ article: ReadableArticle; previous: ArticleLink | null; next: ArticleLink | null } | null> {
  const at = sqliteTimestamp(now);
  const [row] = await queryRows<ArticleRow & { previous: string | null; next: string | null }>(
    `${selectArticles(`, ${neighbour('previous')}, ${neighbour('next')}`)}
      WHERE ${visible} AND a."publishedOn" = ? AND a."slug" = ?`,
    at,
    at,
    publishedOn,
    slug,
  );
  if (!row) return null;
  return { article: toArticle(row), previous: toLink(row.previous), next: toLink(row.next) };
}

/** These visible articles (for search results), in no particular order. */
export async function findVisibleByIds(ids: number[], now = new Date()): Promise<ReadableArticle[]> {
  if (ids.length === 0) return [];
  // The ids drive the query (as an IN filter SQLite may walk every visible article instead).
  const rows = await queryRows<ArticleRow>(
    `${selectArticles('', `json_each(?) w CROSS JOIN "Article" a ON a."id" = w."value"`)} WHERE ${visible}`,
    JSON.stringify(ids),
    sqliteTimestamp(now),
  );
  return rows.map(toArticle);
}

/** What a reader sees of a comment (never its email, address or agent). */
export interface ReadableComment {
  id: number;
  authorName: string;
  url: string;
  bodyHtml: string;
  createdAt: Date;
  updatedAt: Date;
}

/** An article's approved comments, oldest first. */
export async function approvedComments(articleId: number): Promise<ReadableComment[]> {
  const rows = await queryRows<
    Omit<ReadableComment, 'createdAt' | 'updatedAt'> & { createdAt: string; updatedAt: string }
  >(
    `SELECT "id", "authorName", "url", "bodyHtml", "createdAt", "updatedAt" FROM "Comment"
      WHERE "articleId" = ? AND "status" = 'approved' ORDER BY "createdAt", "id"`,
    articleId,
  );
  return rows.map((row) => ({ ...row, createdAt: new Date(row.createdAt), updatedAt: new Date(row.updatedAt) }));
}

/**
 * The newest approved comments on visible articles (or on one of them),
 * newest first, each with its article's title and permalink parts: feeds.
 */
export async function newestApprovedComments(
  limit: number,
  articleId: number | null = null,
  now = new Date(),
): Promise<(ReadableComment & { articleId: number; article: ArticleLink })[]> {
  const rows = await queryRows<
    Omit<ReadableComment, 'createdAt' | 'updatedAt'> & {
      createdAt: string;
      updatedAt: string;
      articleId: number;
      title: string;
      slug: string;
      publishedOn: string | null;
    }
  >(
    `SELECT c."id", c."authorName", c."url", c."bodyHtml", c."createdAt", c."updatedAt", c."articleId", a."title", a."slug", a."publishedOn"
       FROM "Comment" c JOIN "Article" a ON a."id" = c."articleId"
      WHERE c."status" = 'approved' AND ${visible} ${articleId === null ? '' : 'AND c."articleId" = ?'}
      ORDER BY c."createdAt" DESC, c."id" DESC LIMIT ?`,
    sqliteTimestamp(now),
    ...(articleId === null ? [] : [articleId]),
    limit,
  );
  return rows.map(({ title, slug, publishedOn, ...row }) => ({
    ...row,
    createdAt: new Date(row.createdAt),
    updatedAt: new Date(row.updatedAt),
    article: { title, slug, publishedOn },
  }));
}

// -- SQL -----------------------------------------------------------------------

const visible = visibleSql('a');

/**
 * The listing columns, plus `extra` ones, from `from` (the articles `a`, or
 * a table that drives which articles). Placeholders bind in that order.
 */
function selectArticles(extra = '', from = '"Article" a'): string {
  return `SELECT a."id", a."title", a."slug", a."excerptHtml", a."bodyHtml", a."publishedAt", a."publishedOn",
    a."allowComments", a."commentsCount", a."createdAt", a."updatedAt",
    u."login" AS "authorLogin", u."displayName" AS "authorName", s."slug" AS "sectionSlug", s."name" AS "sectionName",
    (SELECT json_group_array(json_array(t."name", t."slug")) FROM "Tagging" g JOIN "Tag" t ON t."id" = g."tagId" WHERE g."articleId" = a."id") AS "tags"${extra}
    FROM ${from} JOIN "User" u ON u."id" = a."authorId" LEFT JOIN "Section" s ON s."id" = a."sectionId"`;
}

/**
 * The visible article just before (older) or after (newer) `a` by
 * (publishedAt, id), as a JSON triple. Spelled as a range on publishedAt that
 * starts at `a` plus a tie-break, because SQLite's index cannot serve the
 * row-value comparison. An older one is visible because `a` is, so only the
 * newer one is bounded by now (its one placeholder).
 */
function neighbour(which: 'previous' | 'next'): string {
  const [compare, direction, candidates] =
    which === 'previous' ? ['<', 'DESC', publishedSql('n')] : ['>', 'ASC', visibleSql('n')];
  return `(SELECT json_array(n."title", n."slug", n."publishedOn") FROM "Article" n
      WHERE ${candidates} AND n."publishedAt" ${compare}= a."publishedAt"
        AND (n."publishedAt" ${compare} a."publishedAt" OR n."id" ${compare} a."id")
      ORDER BY n."publishedAt" ${direction}, n."id" ${direction} LIMIT 1) AS "${which}"`;
}

/**
 * The filter and the order for a listing, chosen so that one index serves
 * both (see the @@index lines on Article and Tagging in schema.prisma).
 * `window` is how many of the newest rows the page needs, offset included.
 */
function listingClauses(
  filter: ListingFilter,
  at: string,
  window: number,
): {
  from?: { sql: string; params: (string | number)[] };
  where: string;
  params: (string | number)[];
  orderBy: string;
} {
  const newest = `a."publishedAt" DESC, a."id" DESC`;
  switch (filter.kind) {
    case 'all':
      return { where: '1 = 1', params: [], orderBy: newest };
    case 'author':
      return { where: `a."authorId" = ?`, params: [filter.authorId], orderBy: newest };
    case 'section':
      return { where: `a."sectionId" = ?`, params: [filter.sectionId], orderBy: newest };
    case 'tag':
      // The tag's newest taggings by their copy of publishedAt (one index range, one window long)
      // drive the query; as a plain IN filter SQLite would walk every newer article instead.
      return {
        from: {
          sql: `(SELECT g."articleId" FROM "Tagging" g WHERE g."tagId" = ? AND ${visibleTaggingSql('g')}
                  ORDER BY g."publishedAt" DESC, g."articleId" DESC LIMIT ?) w CROSS JOIN "Article" a ON a."id" = w."articleId"`,
          params: [filter.tagId, at, window],
        },
        where: '1 = 1',
        params: [],
        orderBy: newest,
      };
    case 'days':
      // A range on the day string rather than LIKE, which SQLite's index cannot serve; by day first, so the same index orders.
      return {
        where: `a."publishedOn" >= ? AND a."publishedOn" < ?`,
        params: [filter.prefix, `${filter.prefix}~`],
        orderBy: `a."publishedOn" DESC, ${newest}`,
      };
  }
}

// -- Rows to objects -----------------------------------------------------------

/** As SQLite returns it: timestamps as text, booleans as 0/1. */
interface ArticleRow {
  id: number;
  title: string;
  slug: string;
  excerptHtml: string;
  bodyHtml: string;
  publishedAt: string | null;
  publishedOn: string | null;
  allowComments: number;
  commentsCount: number;
  createdAt: string;
  updatedAt: string;
  authorLogin: string;
  authorName: string;
  sectionSlug: string | null;
  sectionName: string | null;
  tags: string | null;
}

function toArticle(row: ArticleRow): ReadableArticle {
  const tags = row.tags ? (JSON.parse(row.tags) as [string, string][]) : [];
  return {
    id: row.id,
    title: row.title,
    slug: row.slug,
    excerptHtml: row.excerptHtml,
    bodyHtml: row.bodyHtml,
    publishedAt: row.publishedAt === null ? null : new Date(row.publishedAt),
    publishedOn: row.publishedOn,
    allowComments: row.allowComments === 1,
    commentsCount: row.commentsCount,
    createdAt: new Date(row.createdAt),
    updatedAt: new Date(row.updatedAt),
    author: { login: row.authorLogin, displayName: row.authorName },
    section: row.sectionSlug === null ? null : { slug: row.sectionSlug, name: row.sectionName ?? '' },
    taggings: tags.map(([name, slug]) => ({ tag: { name, slug } })),
  };
}

function toLink(json: string | null): ArticleLink | null {
  if (!json) return null;
  const [title, slug, publishedOn] = JSON.parse(json) as [string, string, string | null];
  return { title, slug, publishedOn };
}
