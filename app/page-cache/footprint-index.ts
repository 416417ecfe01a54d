/**
 * Footprints, and tags' and authors' names as last seen (a rename is told from a change nobody sees), in the
 * index (see README.md). Functions run inside the caller's transaction, except the plain reads.
 */
import { metaValue, setMeta, sql, type IndexDb } from '#app/page-cache/index-db.ts';
import type { Footprint } from '#app/page-cache/footprint.ts';

interface FootprintRow {
  article: number;
  visible: number;
  published_at: number | null;
  published_on: string | null;
  author: number;
  section: number | null;
  comments: number;
  updated_at: number;
  tags: string;
  link: string;
}

export function readFootprint(db: IndexDb, article: number): Footprint | undefined {
  const row = sql(db, 'SELECT * FROM footprints WHERE article = ?').get(article) as FootprintRow | undefined;
  return row && fromRow(row);
}

/** Stores what an article looks like now; an older view (a slower sweep of an earlier save) never replaces a newer one. */
export function writeFootprint(db: IndexDb, footprint: Footprint): void {
  const written = sql(
    db,
    `INSERT INTO footprints (article, visible, published_at, published_on, author, section, comments, updated_at, tags, link)
    VALUES (@article, @visible, @publishedAt, @publishedOn, @author, @section, @comments, @updatedAt, @tags, @link)
    ON CONFLICT (article) DO UPDATE SET visible = excluded.visible, published_at = excluded.published_at, published_on = excluded.published_on,
      author = excluded.author, section = excluded.section, comments = excluded.comments, updated_at = excluded.updated_at, tags = excluded.tags,
      link = excluded.link
    WHERE excluded.updated_at >= footprints.updated_at`,
  ).run(toRow(footprint));
  if (written.changes === 0) return;
  sql(db, 'DELETE FROM footprint_tags WHERE article = ?').run(footprint.article);
  const tag = sql(db, 'INSERT OR IGNORE INTO footprint_tags (tag, article) VALUES (?, ?)');
  for (const id of footprint.tags) tag.run(id, footprint.article);
}

export function forgetFootprint(db: IndexDb, article: number): void {
  sql(db, 'DELETE FROM footprints WHERE article = ?').run(article);
  sql(db, 'DELETE FROM footprint_tags WHERE article = ?').run(article);
}

/** Articles last seen with the tag, by the author, or in the section. */
export function articlesWith(db: IndexDb, by: { tag: number } | { author: number } | { section: number }): number[] {
  const [query, value] =
    'tag' in by
      ? ['SELECT article FROM footprint_tags WHERE tag = ?', by.tag]
      : 'author' in by
        ? ['SELECT article FROM footprints WHERE author = ?', by.author]
        : ['SELECT article FROM footprints WHERE section = ?', by.section];
  return (sql(db, query).all(value) as { article: number }[]).map((row) => row.article);
}

/** Scheduled articles whose time has come, as last seen (not yet swept as visible). */
export function dueArticles(db: IndexDb, now: number): number[] {
  return (
    sql(db, 'SELECT article FROM footprints WHERE visible = 0 AND published_at IS NOT NULL AND published_at <= ?').all(
      now,
    ) as { article: number }[]
  ).map((row) => row.article);
}

export function allFootprintIds(db: IndexDb): number[] {
  return (sql(db, 'SELECT article FROM footprints').all() as { article: number }[]).map((row) => row.article);
}

/** A tag's or author's name as last seen (`tag:3` → "ruby\tRuby"); undefined when never seen. */
export function readName(db: IndexDb, key: string): string | undefined {
  return (sql(db, 'SELECT value FROM names WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}

export function writeName(db: IndexDb, key: string, value: string | null): void {
  if (value === null) sql(db, 'DELETE FROM names WHERE key = ?').run(key);
  else
    sql(db, 'INSERT INTO names (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
      key,
      value,
    );
}

export function hasBaseline(db: IndexDb): boolean {
  return metaValue(db, 'baseline') === 1;
}

/**
 * The first picture of every article and name, taken once per index. A
 * footprint a sweep wrote meanwhile is newer, so it is kept.
 */
export function writeBaseline(db: IndexDb, footprints: Iterable<Footprint>, names: Array<[string, string]>): void {
  if (hasBaseline(db)) return;
  const insert = sql(
    db,
    `INSERT OR IGNORE INTO footprints (article, visible, published_at, published_on, author, section, comments, updated_at, tags, link)
    VALUES (@article, @visible, @publishedAt, @publishedOn, @author, @section, @comments, @updatedAt, @tags, @link)`,
  );
  const tag = sql(db, 'INSERT OR IGNORE INTO footprint_tags (tag, article) VALUES (?, ?)');
  for (const footprint of footprints) {
    if (insert.run(toRow(footprint)).changes === 0) continue;
    for (const id of footprint.tags) tag.run(id, footprint.article);
  }
  const name = sql(db, 'INSERT OR IGNORE INTO names (key, value) VALUES (?, ?)');
  for (const [key, value] of names) name.run(key, value);
  setMeta(db, 'baseline', 1);
}

/**
 * A new picture of every article and name, replacing the old one (which
 * missed changes): articles no longer there are forgotten, names taken as
 * they are now. A footprint a sweep wrote meanwhile is newer, so it is kept.
 */
export function replaceBaseline(db: IndexDb, footprints: Iterable<Footprint>, names: Array<[string, string]>): void {
  const seen = new Set<number>();
  for (const footprint of footprints) {
    writeFootprint(db, footprint);
    seen.add(footprint.article);
  }
  for (const id of allFootprintIds(db)) if (!seen.has(id)) forgetFootprint(db, id);
  sql(db, 'DELETE FROM names').run();
  const name = sql(db, 'INSERT INTO names (key, value) VALUES (?, ?)');
  for (const [key, value] of names) name.run(key, value);
  setMeta(db, 'baseline', 1);
}

function toRow(footprint: Footprint) {
  return { ...footprint, visible: footprint.visible ? 1 : 0, tags: footprint.tags.join(',') };
}

function fromRow(row: FootprintRow): Footprint {
  return {
    article: row.article,
    visible: row.visible === 1,
    publishedAt: row.published_at,
    publishedOn: row.published_on,
    author: row.author,
    section: row.section,
    comments: row.comments,
    updatedAt: row.updated_at,
    tags: row.tags ? row.tags.split(',').map(Number) : [],
    link: row.link,
  };
}
