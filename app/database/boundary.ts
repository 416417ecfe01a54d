/**
 * The database boundary: every statement Folio writes by hand (the readers'
 * hot queries, search, what the page cache reads, bulk loading, migrating)
 * is behind this one interface, with one implementation per dialect
 * (sqlite/, postgresql/). Everything else goes through Prisma's portable API
 * (`db` in models/db.ts). Models call these through `database()` and never
 * see SQL or a dialect; the same tests run against both.
 *
 * Every call is asynchronous, as a networked database's must be; SQLite just
 * answers at once. Times are Dates and flags booleans on both sides.
 */
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { MigrationStore } from '#app/models/migration/history.ts';
import type { ChangeFeed } from '#app/database/change-feed.ts';

export type DatabaseKind = 'sqlite' | 'postgresql';

export interface BlogDatabase {
  readonly kind: DatabaseKind;
  /** Prisma's driver adapter for this database (the ORM's connections). */
  adapterFactory(): SqlMigrationAwareDriverAdapterFactory;
  readonly reading: ReadingQueries;
  readonly search: SearchQueries;
  readonly cacheFacts: CacheFactsQueries;
  readonly lookups: LookupQueries;
  /**
   * Fills the plain text search reads, for articles saved before it existed, and their word
   * counts from it (a database without the wordCount column yet keeps none); returns how many.
   */
  fillSearchText(plainText: (html: string) => string, countWords: (text: string) => number): Promise<number>;
  /** Inserts rows fast (the seeder): one transaction, many rows per statement; returns new ids in row order. */
  bulkInsert(batches: { table: string; rows: Row[] }[]): Promise<number[][]>;
  /**
   * After rows were inserted with ids of their own (an import keeping a comment's id): the next id each
   * table hands out is past its largest. SQLite's AUTOINCREMENT follows by itself; PostgreSQL's sequences do not.
   */
  resetIdSequences(tables: readonly string[]): Promise<void>;
  /** Present when reader queries may go to a streaming replica (PostgreSQL with `replicaUrl`). */
  readonly replica?: ReplicaPositions;
  /** Tells every app host what was written (the page cache's expiry across hosts). */
  readonly changeFeed: ChangeFeed;
  /** Closes the connections, the change feed's subscriptions included. */
  close(): Promise<void>;
}

export type Row = Record<string, string | number | boolean | Date | null>;

/** What opening a database may be told. */
export interface DatabaseOptions {
  /**
   * Sees every query with its duration (benchmarks count round trips per page), which server answered it, and
   * its parameters (the EXPLAIN bench replays them).
   */
  onQuery?: (query: {
    sql: string;
    durationMs: number;
    server?: 'primary' | 'replica';
    params?: readonly unknown[];
  }) => void;
  /** Sends reader-page queries to this streaming replica (PostgreSQL only); writes and the admin use the primary. */
  replicaUrl?: string;
  /** Told when readers start or stop using the replica, and why (for the log; the URL's password is never in it). */
  onReplicaChange?: (change: { usable: boolean; reason: string }) => void;
}

/**
 * Read-your-writes with a replica: reader queries use it only once it has
 * replayed past every primary position this process wrote or was told of;
 * until then the primary answers them (app/database/postgresql/replica.ts).
 */
export interface ReplicaPositions {
  /** After a committed write, before its cached pages expire: notes the primary's position now. Never throws. */
  noteWrite(): Promise<void>;
  /** The primary's current WAL position (`pg_current_wal_lsn()`), e.g. "0/3000148". */
  primaryPosition(): Promise<string>;
  /** A position another host wrote at (or read from the primary): readers wait for the replica to pass it. */
  notePrimaryPosition(lsn: string): void;
}

/** Opens one dialect's migration store: each migration in a transaction with its `_prisma_migrations` row. */
export type OpenMigrationStore = (databaseUrl: string) => Promise<MigrationStore>;

// -- Reader pages --------------------------------------------------------------

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
  /** Words in the body as readers see it (reading time). */
  wordCount: number;
  /** The cover image upload, if the article has one. */
  cover: ReadableCover | null;
}

/** An article's cover: enough to build its URLs and size its <img>. */
export interface ReadableCover {
  storedName: string;
  width: number | null;
  height: number | null;
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

/** What a reader sees of a comment (never its email, address or agent). */
export interface ReadableComment {
  id: number;
  authorName: string;
  url: string;
  bodyHtml: string;
  /** comment | pingback | trackback | webmention. */
  kind: string;
  /** A webmention's type: reply | like | repost | bookmark | mention ('' otherwise). */
  mentionType: string;
  /** The page that mentions the article (webmentions, pingbacks), or ''. */
  sourceUrl: string;
  /** A webmention author's photo URL as the source gave it (unchecked), or ''. */
  authorPhoto: string;
  createdAt: Date;
  updatedAt: Date;
}

export type FeedComment = ReadableComment & { articleId: number; article: ArticleLink };

/**
 * The readers' hot queries, each one round trip served by an index, whose
 * cost stops after one page. "Visible" is the product's rule
 * (models/article/visibility.ts): published, and its time has come by `now`.
 */
export interface ReadingQueries {
  /** `limit` visible articles matching `filter`, newest first, after skipping `offset`. */
  listVisible(filter: ListingFilter, limit: number, offset: number, now: Date): Promise<ReadableArticle[]>;
  /** The visible article at a permalink with its previous (older) and next (newer) visible neighbours. */
  findByPermalink(
    publishedOn: string,
    slug: string,
    now: Date,
  ): Promise<{ article: ReadableArticle; previous: ArticleLink | null; next: ArticleLink | null } | null>;
  /** These visible articles, in no particular order. */
  findByIds(ids: readonly number[], now: Date): Promise<ReadableArticle[]>;
  /** An article's approved comments, oldest first. */
  approvedComments(articleId: number): Promise<ReadableComment[]>;
  /** The newest approved comments on visible articles (or on one), newest first, reactions (likes, ...) left out: feeds. */
  newestApprovedComments(limit: number, articleId: number | null, now: Date): Promise<FeedComment[]>;
}

// -- Search --------------------------------------------------------------------

export interface SearchHit {
  id: number;
  /** Plain text with `snippetMarks` around each match (never HTML). */
  snippet: string;
}

/**
 * Full-text search over visible articles: the words are always words (never
 * the engine's query syntax), all of them must match, title matches rank
 * highest; only the newest `candidates` matches are ranked, so a common word
 * costs the same in any archive (`capped` says the cap was reached, and
 * `total` is then a lower bound).
 */
export interface SearchQueries {
  rankedMatches(
    words: readonly string[],
    now: Date,
    limit: number,
    offset: number,
    candidates: number,
  ): Promise<{ hits: SearchHit[]; total: number; capped: boolean }>;
}

// -- The page cache ------------------------------------------------------------

/** What places an article in listings (the page cache's footprint of it). */
export interface ArticleFacts {
  id: number;
  title: string;
  slug: string;
  state: string;
  publishedAt: Date | null;
  publishedOn: string | null;
  authorId: number;
  sectionId: number | null;
  commentsCount: number;
  updatedAt: Date;
  taggings: { tagId: number }[];
}

/** What the page cache's sweeper and schedule read from the blog. */
export interface CacheFactsQueries {
  articleFacts(ids: readonly number[]): Promise<ArticleFacts[]>;
  /** Every article, a page at a time by id: a large blog is never held at once. */
  eachArticleFacts(): AsyncGenerator<ArticleFacts>;
  /** The visible neighbours of a place in time, as the article page links them; `id` itself left out. */
  neighbourIds(article: { id: number; publishedAt: Date }, now: Date): Promise<number[]>;
  articleIdsWith(by: { tag: number } | { author: number } | { section: number }): Promise<number[]>;
  commentFacts(id: number): Promise<{ status: string; articleId: number } | null>;
  tagName(id: number): Promise<{ slug: string; name: string } | null>;
  authorName(id: number): Promise<{ login: string; displayName: string } | null>;
  allTagNames(): Promise<{ id: number; slug: string; name: string }[]>;
  allAuthorNames(): Promise<{ id: number; login: string; displayName: string }[]>;
  /** Published articles whose time came in (since, now]. */
  articlesDueBetween(since: Date, now: Date): Promise<number[]>;
  /** When the next scheduled article goes live, if one is waiting. */
  nextPublication(now: Date): Promise<Date | undefined>;
}

// -- Small lookups every page makes --------------------------------------------

export interface NavigationSection {
  id: number;
  name: string;
  slug: string;
  style: string;
}

export interface SettingsRow {
  id: number;
  blogTitle: string;
  subtitle: string;
  theme: string;
  articlesPerPage: number;
  commentPolicy: string;
  commentsCloseAfterDays: number;
  timeZone: string;
  commentNotifications: boolean;
  replySubscriptions: boolean;
  defaultImageAssetId: number | null;
  webmentions: boolean;
  websubHub: string;
  updatedAt: Date;
}

export interface LookupQueries {
  navigationSections(): Promise<NavigationSection[]>;
  sectionBySlug(slug: string): Promise<
    | (NavigationSection & {
        page: { id: number; title: string; bodyHtml: string; updatedAt: Date } | null;
      })
    | null
  >;
  settings(): Promise<SettingsRow | null>;
  /** A tag that a visible article carries. */
  visibleTag(slug: string, now: Date): Promise<{ id: number; name: string; slug: string } | null>;
  author(login: string): Promise<{ id: number; login: string; displayName: string } | null>;
  /**
   * An old address with a query ("/?p=123") whose query uses none of these parameter names (as written, case
   * and all), or null: app/models/redirect.ts learns the names redirects use one query at a time.
   */
  redirectAddressWithQuery(withoutNames: readonly string[]): Promise<string | null>;
}
