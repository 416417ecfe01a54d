/**
 * The visibility rule (models/article/visibility.ts) as SQL conditions for
 * the hand-written queries of both dialects: the same text in SQLite and
 * PostgreSQL. Each has one `?` placeholder (PostgreSQL's pool numbers them),
 * bound with the dialect's timestamp of now, and is served by the
 * (state, publishedAt) indexes.
 */

/** Visible: published, and its time has come. */
export function visibleSql(alias: string): string {
  return `${publishedSql(alias)} AND ${column(alias, 'publishedAt')} <= ?`;
}

/** Scheduled: published with a time still to come. */
export function scheduledSql(alias: string): string {
  return `${publishedSql(alias)} AND ${column(alias, 'publishedAt')} > ?`;
}

/**
 * Published, whatever the time (no placeholder): for a query whose time
 * bound comes from a visible article (its older neighbour is visible too),
 * where a second upper bound on publishedAt would leave SQLite's planner to
 * pick the wrong one.
 */
export function publishedSql(alias: string): string {
  return `${column(alias, 'state')} = 'published'`;
}

/**
 * Visible, on the Tagging table: triggers (each dialect's, in its
 * migrations) keep Tagging.publishedAt a copy of the article's while it is
 * published and null otherwise, so one comparison (served by the tag's
 * (tagId, publishedAt) index) says it.
 */
export function visibleTaggingSql(alias: string): string {
  return `${column(alias, 'publishedAt')} <= ?`;
}

function column(alias: string, name: string): string {
  return alias ? `${alias}."${name}"` : `"${name}"`;
}
