/**
 * The visibility rule (models/article/visibility.ts) as PostgreSQL
 * conditions for the hand-written queries. Each has one placeholder, bound
 * with `timestamp(now)`, and is served by the (state, publishedAt) indexes.
 */

export function visibleSql(alias: string): string {
  return `${publishedSql(alias)} AND ${column(alias, 'publishedAt')} <= ?`;
}

export function scheduledSql(alias: string): string {
  return `${publishedSql(alias)} AND ${column(alias, 'publishedAt')} > ?`;
}

/** Published, whatever the time (no placeholder): for a query whose time bound comes from a visible article. */
export function publishedSql(alias: string): string {
  return `${column(alias, 'state')} = 'published'`;
}

/** On the Tagging table, whose publishedAt triggers keep while the article is published (see the init migration). */
export function visibleTaggingSql(alias: string): string {
  return `${column(alias, 'publishedAt')} <= ?`;
}

function column(alias: string, name: string): string {
  return alias ? `${alias}."${name}"` : `"${name}"`;
}
