/**
 * Cached pages and their keys in the index: committing a page unless a sweep overtook it, expiring by key or by
 * time (see README.md). Every function runs inside the caller's transaction (`exclusively`).
 */
import { renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { metaValue, setMeta, moveToTrash, emptyTrash, sql, type IndexDb } from '#app/page-cache/index-db.ts';
import { everything } from '#app/page-cache/keys.ts';

export interface PageToCommit {
  path: string;
  /** Relative to the cache root. */
  file: string;
  keys: readonly string[];
  /** The sweep sequence number when the page's request began. */
  startSeq: number;
  /** The complete page, written beside its final name. */
  tempFile: string;
  bytes: number;
  expiresAt: number | null;
}

/** The sweep sequence number now: a request notes it before it reads anything. */
export function currentSeq(db: IndexDb): number {
  return metaValue(db, 'seq') ?? 0;
}

/**
 * Puts the page in place (rename) and records what it used, unless a sweep
 * since the request began expired something it used: then its data may be
 * stale, and the temp file is removed instead. Returns whether it was written.
 */
export function commitPage(db: IndexDb, root: string, page: PageToCommit): boolean {
  const sweptAt = sql(db, 'SELECT seq FROM swept WHERE key = ?');
  const stale = [...page.keys, everything].some(
    (key) => ((sweptAt.get(key) as { seq: number } | undefined)?.seq ?? 0) > page.startSeq,
  );
  if (stale) {
    rmSync(page.tempFile, { force: true });
    return false;
  }
  renameSync(page.tempFile, path.join(root, page.file));
  sql(
    db,
    'INSERT INTO pages (path, file, bytes, cached_at, expires_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (path) DO UPDATE SET file = excluded.file, bytes = excluded.bytes, cached_at = excluded.cached_at, expires_at = excluded.expires_at',
  ).run(page.path, page.file, page.bytes, Date.now(), page.expiresAt);
  sql(db, 'DELETE FROM refs WHERE path = ?').run(page.path);
  const insert = sql(db, 'INSERT OR IGNORE INTO refs (key, path) VALUES (?, ?)');
  for (const key of page.keys) insert.run(key, page.path);
  return true;
}

/**
 * Expires every page that used any of `keys` (all pages for `everything`),
 * and marks the keys swept so pages being built from older data are not
 * written. Returns the URL paths removed.
 */
export function expireKeys(db: IndexDb, root: string, keys: Iterable<string>): string[] {
  const unique = [...new Set(keys)];
  if (unique.length === 0) return [];
  const seq = currentSeq(db) + 1;
  setMeta(db, 'seq', seq);
  const mark = sql(db, 'INSERT INTO swept (key, seq) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET seq = excluded.seq');
  for (const key of unique) mark.run(key, seq);
  if (unique.includes(everything)) return expireAll(db, root);
  const using = sql(db, 'SELECT path FROM refs WHERE key = ?');
  const paths = new Set<string>();
  for (const key of unique) for (const row of using.iterate(key) as Iterable<{ path: string }>) paths.add(row.path);
  removePages(db, root, paths);
  return [...paths];
}

/** Expires the pages whose time has come (comments closing, the year turning). Returns their paths. */
export function expireDue(db: IndexDb, root: string, now: number): string[] {
  const paths = (sql(db, 'SELECT path FROM pages WHERE expires_at <= ?').all(now) as { path: string }[]).map(
    (row) => row.path,
  );
  removePages(db, root, paths);
  return paths;
}

/** The sequence number of the last "expire everything" (0 if none yet). */
export function everythingSeq(db: IndexDb): number {
  return (sql(db, 'SELECT seq FROM swept WHERE key = ?').get(everything) as { seq: number } | undefined)?.seq ?? 0;
}

/** When the next page expires by time, if any does. */
export function nextExpiry(db: IndexDb): number | undefined {
  return (sql(db, 'SELECT min(expires_at) AS at FROM pages').get() as { at: number | null }).at ?? undefined;
}

/** The listing keys of the pages that used `key`: the listings a record was seen in. */
export function listingsOfPagesUsing(db: IndexDb, key: string): string[] {
  const rows = sql(
    db,
    "SELECT DISTINCT other.key AS key FROM refs AS mine JOIN refs AS other ON other.path = mine.path WHERE mine.key = ? AND other.key LIKE 'list:%'",
  ).all(key) as { key: string }[];
  return rows.map((row) => row.key);
}

export function pagesUsing(db: IndexDb, key: string): string[] {
  return (sql(db, 'SELECT path FROM refs WHERE key = ? ORDER BY path').all(key) as { path: string }[]).map(
    (row) => row.path,
  );
}

export function cacheStats(db: IndexDb): { pages: number; bytes: number } {
  return sql(db, 'SELECT count(*) AS pages, coalesce(sum(bytes), 0) AS bytes FROM pages').get() as {
    pages: number;
    bytes: number;
  };
}

function expireAll(db: IndexDb, root: string): string[] {
  const paths = (sql(db, 'SELECT path FROM pages').all() as { path: string }[]).map((row) => row.path);
  db.exec('DELETE FROM pages; DELETE FROM refs;');
  // Also takes files no row describes (a process killed between rename and commit).
  void emptyTrash(moveToTrash(root));
  return paths;
}

function removePages(db: IndexDb, root: string, paths: Iterable<string>): void {
  const fileOf = sql(db, 'SELECT file FROM pages WHERE path = ?');
  const deletePage = sql(db, 'DELETE FROM pages WHERE path = ?');
  const deleteRefs = sql(db, 'DELETE FROM refs WHERE path = ?');
  for (const urlPath of paths) {
    const row = fileOf.get(urlPath) as { file: string } | undefined;
    if (row) rmSync(path.join(root, row.file), { force: true });
    deletePage.run(urlPath);
    deleteRefs.run(urlPath);
  }
}
