/**
 * The cache index, one per cache root (so per host), shared by every worker through IMMEDIATE transactions; the
 * cache's own bookkeeping, rebuilt from nothing when missing (see README.md).
 */
import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes, randomInt } from 'node:crypto';
import { pageCacheSettings } from '#config/page-cache.ts';

export type IndexDb = Database.Database;

// 2: the index records its origin and its position in the change feed (other-hosts.ts).
const schemaVersion = 2;

const schema = `
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS pages (path TEXT PRIMARY KEY, file TEXT NOT NULL, bytes INTEGER NOT NULL, cached_at INTEGER NOT NULL, expires_at INTEGER) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS pages_by_expiry ON pages (expires_at) WHERE expires_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS refs (key TEXT NOT NULL, path TEXT NOT NULL, PRIMARY KEY (key, path)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS refs_by_path ON refs (path, key);
CREATE TABLE IF NOT EXISTS swept (key TEXT PRIMARY KEY, seq INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS footprints (
  article INTEGER PRIMARY KEY, visible INTEGER NOT NULL, published_at INTEGER, published_on TEXT,
  author INTEGER NOT NULL, section INTEGER, comments INTEGER NOT NULL, updated_at INTEGER NOT NULL, tags TEXT NOT NULL, link TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS footprints_by_author ON footprints (author);
CREATE INDEX IF NOT EXISTS footprints_by_section ON footprints (section);
CREATE TABLE IF NOT EXISTS footprint_tags (tag INTEGER NOT NULL, article INTEGER NOT NULL, PRIMARY KEY (tag, article)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS names (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
`;

/**
 * The index connection of one cache root. If the index file is deleted or
 * replaced under it (someone emptied the cache directory with `rm`), the
 * next use opens the new one, so every process keeps agreeing on one index.
 */
export class CacheIndex {
  readonly root: string;
  readonly file: string;
  #db: IndexDb;
  #ino: number;

  /** `reopened` is told when a new index replaced the one this process had. */
  constructor(
    root: string,
    private readonly reopened: () => void = () => {},
  ) {
    this.root = root;
    this.file = path.join(root, pageCacheSettings.indexDirName, 'index.sqlite');
    this.#db = openIndex(root, this.file);
    this.#ino = inode(this.file);
  }

  get db(): IndexDb {
    if (inode(this.file) !== this.#ino) {
      this.#db.close();
      this.#db = openIndex(this.root, this.file);
      this.#ino = inode(this.file);
      this.reopened();
    }
    return this.#db;
  }

  close(): void {
    this.#db.close();
  }
}

function inode(file: string): number {
  return statSync(file, { throwIfNoEntry: false })?.ino ?? -1;
}

/** Opens (creating if needed) the index of the cache at `root`. */
function openIndex(root: string, file: string): IndexDb {
  // The cache root must stay readable by the web server; the index is for Folio's processes only.
  mkdirSync(root, { recursive: true });
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const db = new Database(file, { timeout: pageCacheSettings.busyTimeoutMs });
  db.pragma('journal_mode = WAL');
  // A lost index is rebuilt empty (and the pages cleared), so NORMAL durability is enough.
  db.pragma('synchronous = NORMAL');
  // Lookups touch a few pages; better-sqlite3's default 16 MB cache would only fill up in a worker.
  db.pragma('cache_size = -2048');
  db.transaction(() => {
    const version = readVersion(db);
    if (version === schemaVersion) return;
    // New, or from another version: what is on disk is not described by it, so it goes.
    for (const table of ['meta', 'pages', 'refs', 'swept', 'footprints', 'footprint_tags', 'names'])
      db.exec(`DROP TABLE IF EXISTS ${table}`);
    db.exec(schema);
    db.prepare('INSERT INTO meta (name, value) VALUES (?, ?), (?, 0), (?, ?)').run(
      'schema',
      schemaVersion,
      'seq',
      // Names this index (so this host) in the change feed: what it applied itself is not applied again.
      'origin',
      randomInt(1, 2 ** 48),
    );
    void emptyTrash(moveToTrash(root));
  }).immediate();
  void emptyStaleTrash(root);
  return db;
}

/** Runs `work` in an IMMEDIATE transaction: one process at a time across the pool. */
export function exclusively<T>(db: IndexDb, work: () => T): T {
  return db.transaction(work).immediate();
}

const statements = new WeakMap<IndexDb, Map<string, Database.Statement>>();

/** A prepared statement, compiled once per connection. */
export function sql(db: IndexDb, text: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map<string, Database.Statement>()));
  let statement = cache.get(text);
  if (!statement) cache.set(text, (statement = db.prepare(text)));
  return statement;
}

export function metaValue(db: IndexDb, name: string): number | undefined {
  return (sql(db, 'SELECT value FROM meta WHERE name = ?').get(name) as { value: number } | undefined)?.value;
}

export function setMeta(db: IndexDb, name: string, value: number): void {
  sql(db, 'INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value').run(
    name,
    value,
  );
}

/** This index's name in the change feed (a random number per index, so per host). */
export function indexOrigin(db: IndexDb): string {
  return String(metaValue(db, 'origin'));
}

/** The id of the last change from the feed this index applied; undefined before its first picture of the blog. */
export function feedPosition(db: IndexDb): number | undefined {
  return metaValue(db, 'feed_position');
}

export function setFeedPosition(db: IndexDb, id: number): void {
  setMeta(db, 'feed_position', id);
}

/**
 * Moves every page file (every entry of the root but the dot-directories)
 * into a fresh trash directory, at once: renames are instant, so a web
 * server sees either the old page or none. Call inside a transaction, and
 * `emptyTrash` the returned directory after it.
 */
export function moveToTrash(root: string): string {
  const trash = path.join(trashDir(root), `${Date.now()}-${randomBytes(4).toString('hex')}`);
  mkdirSync(trash, { recursive: true });
  for (const entry of readdirSync(root)) {
    if (entry.startsWith('.')) continue;
    renameSync(path.join(root, entry), path.join(trash, entry));
  }
  return trash;
}

/** Deletes what `moveToTrash` set aside, in the background. */
export function emptyTrash(trash: string): Promise<void> {
  return rm(trash, { recursive: true, force: true }).catch(() => {});
}

/** Trash a process left behind when it died mid-clear (old enough not to be another's in progress). */
async function emptyStaleTrash(root: string): Promise<void> {
  const cutoff = Date.now() - 10 * 60_000;
  let entries: string[];
  try {
    entries = await readdir(trashDir(root));
  } catch {
    return;
  }
  for (const entry of entries)
    if (Number(entry.split('-')[0]) < cutoff) await emptyTrash(path.join(trashDir(root), entry));
}

function trashDir(root: string): string {
  return path.join(root, pageCacheSettings.indexDirName, 'trash');
}

function readVersion(db: IndexDb): number | undefined {
  const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
  return table ? metaValue(db, 'schema') : undefined;
}
