/**
 * The readers' hot queries on PostgreSQL: single prepared statements on the
 * direct pool (one round trip a page), with each article's tags and a
 * permalink's neighbours gathered by `json_agg`/`json_build_array`. The tag
 * listing relies on `Tagging.publishedAt`, which triggers keep (init migration).
 */
import type {
  ArticleLink,
  FeedComment,
  ListingFilter,
  ReadableArticle,
  ReadableComment,
  ReadingQueries,
} from '#app/database/boundary.ts';
import { dayRange } from '#app/database/day-range.ts';
import { timestamp, type Rows } from '#app/database/postgresql/pool.ts';
import { publishedSql, visibleSql, visibleTaggingSql } from '#app/database/visibility-sql.ts';

export function postgresReading(rows: Rows): ReadingQueries {
  return {
    async listVisible(filter, limit, offset, now) {
      const at = timestamp(now);
      const { from, where, params, orderBy } = listingClauses(filter, at, offset + limit);
      // The page's ids first, then their columns, tags, author and section:
      // PostgreSQL computes the select list of every row an OFFSET skips, so
      // page 1,000 would gather the tags of 10,000 articles to show ten.
      const page = `(SELECT a."id" FROM ${from?.sql ?? '"Article" a'} WHERE ${visible} AND ${where}
                      ORDER BY ${orderBy} LIMIT ? OFFSET ?) p JOIN "Article" a ON a."id" = p."id"`;
      const found = await rows<ArticleRow>(
        `${selectArticles('', page)} ORDER BY ${orderBy}`,
        ...(from?.params ?? []),
        at,
        ...params,
        limit,
        offset,
      );
      return found.map(toArticle);
    },

    async findByPermalink(publishedOn, slug, now) {
      const at = timestamp(now);
      const [row] = await rows<
        ArticleRow & { previous: [string, string, string | null] | null; next: [string, string, string | null] | null }
      >(
        `${selectArticles(`, ${neighbour('previous')}, ${neighbour('next')}`)}
          WHERE ${visible} AND a."publishedOn" = ? AND a."slug" = ?`,
        at,
        at,
        publishedOn,
        slug,
      );
      if (!row) return null;
      return { article: toArticle(row), previous: toLink(row.previous), next: toLink(row.next) };
    },

    async findByIds(ids, now) {
      if (ids.length === 0) return [];
      const found = await rows<ArticleRow>(
        `${selectArticles()} WHERE a."id" = ANY(?::int[]) AND ${visible}`,
        ids,
        timestamp(now),
      );
      return found.map(toArticle);
    },

    async approvedComments(articleId) {
      const found = await rows<CommentRow>(
        `SELECT "id", "authorName", "url", "bodyHtml", "kind", "mentionType", "sourceUrl", "authorPhoto", "createdAt", "updatedAt" FROM "Comment"
          WHERE "articleId" = ? AND "status" = 'approved' ORDER BY "createdAt", "id"`,
        articleId,
      );
      return found.map(toComment);
    },

    async newestApprovedComments(limit, articleId, now) {
      const found = await rows<
        CommentRow & { articleId: number; title: string; slug: string; publishedOn: string | null }
      >(
        `SELECT c."id", c."authorName", c."url", c."bodyHtml", c."kind", c."mentionType", c."sourceUrl", c."authorPhoto", c."createdAt", c."updatedAt", c."articleId", a."title", a."slug", a."publishedOn"
           FROM "Comment" c JOIN "Article" a ON a."id" = c."articleId"
          WHERE c."status" = 'approved' AND ${notReaction} AND ${visible} ${articleId === null ? '' : 'AND c."articleId" = ?'}
          ORDER BY c."createdAt" DESC, c."id" DESC LIMIT ?`,
        timestamp(now),
        ...(articleId === null ? [] : [articleId]),
        limit,
      );
      return found.map(({ title, slug, publishedOn, articleId, ...row }): FeedComment => ({
        ...toComment(row),
        articleId,
        article: { title, slug, publishedOn },
      }));
    },
  };
}

const visible = visibleSql('a');
// Likes, reposts and bookmarks (webmentions) are shown on the page as a line of names, and are no comments to a feed.
const notReaction = `NOT (c."kind" = 'webmention' AND c."mentionType" IN ('like', 'repost', 'bookmark'))`;

/**
 * The listing columns, plus `extra` ones, from `from` (the articles `a`, or
 * a table that drives which articles). Placeholders bind in that order.
 */
function selectArticles(extra = '', from = '"Article" a'): string {
  return `SELECT a."id", a."title", a."slug", a."excerptHtml", a."bodyHtml", a."publishedAt", a."publishedOn",
    a."allowComments", a."commentsCount", a."createdAt", a."updatedAt",
    u."login" AS "authorLogin", u."displayName" AS "authorName", s."slug" AS "sectionSlug", s."name" AS "sectionName",
    (SELECT json_agg(json_build_array(t."name", t."slug") ORDER BY g."tagId") FROM "Tagging" g JOIN "Tag" t ON t."id" = g."tagId" WHERE g."articleId" = a."id") AS "tags"${extra}
    FROM ${from} JOIN "User" u ON u."id" = a."authorId" LEFT JOIN "Section" s ON s."id" = a."sectionId"`;
}

/**
 * The visible article just before (older) or after (newer) `a` by
 * (publishedAt, id), as a JSON triple: a range on publishedAt that starts at
 * `a` plus a tie-break, served by the (state, publishedAt) index. An older
 * one is visible because `a` is, so only the newer one is bounded by now
 * (its one placeholder).
 */
function neighbour(which: 'previous' | 'next'): string {
  const [compare, direction, candidates] =
    which === 'previous' ? ['<', 'DESC', publishedSql('n')] : ['>', 'ASC', visibleSql('n')];
  return `(SELECT json_build_array(n."title", n."slug", n."publishedOn") FROM "Article" n
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
      // The tag's newest taggings by their copy of publishedAt (one index range, one window long) drive the query.
      return {
        from: {
          sql: `(SELECT g."articleId" FROM "Tagging" g WHERE g."tagId" = ? AND ${visibleTaggingSql('g')}
                  ORDER BY g."publishedAt" DESC, g."articleId" DESC LIMIT ?) w JOIN "Article" a ON a."id" = w."articleId"`,
          params: [filter.tagId, at, window],
        },
        where: '1 = 1',
        params: [],
        orderBy: newest,
      };
    case 'days': {
      // By day first, so the same index orders.
      const { from, until } = dayRange(filter.prefix);
      return {
        where: `a."publishedOn" >= ? AND a."publishedOn" < ?`,
        params: [from, until],
        orderBy: `a."publishedOn" DESC, ${newest}`,
      };
    }
  }
}

/** As node-postgres returns it (pool.ts): Dates, booleans, JSON parsed. */
interface ArticleRow {
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
  authorLogin: string;
  authorName: string;
  sectionSlug: string | null;
  sectionName: string | null;
  tags: [string, string][] | null;
}

type CommentRow = ReadableComment;

function toArticle(row: ArticleRow): ReadableArticle {
  return {
    id: row.id,
    title: row.title,
    slug: row.slug,
    excerptHtml: row.excerptHtml,
    bodyHtml: row.bodyHtml,
    publishedAt: row.publishedAt,
    publishedOn: row.publishedOn,
    allowComments: row.allowComments,
    commentsCount: row.commentsCount,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    author: { login: row.authorLogin, displayName: row.authorName },
    section: row.sectionSlug === null ? null : { slug: row.sectionSlug, name: row.sectionName ?? '' },
    taggings: (row.tags ?? []).map(([name, slug]) => ({ tag: { name, slug } })),
  };
}

function toComment(row: CommentRow): ReadableComment {
  return row;
}

function toLink(triple: [string, string, string | null] | null): ArticleLink | null {
  if (!triple) return null;
  const [title, slug, publishedOn] = triple;
  return { title, slug, publishedOn };
}
