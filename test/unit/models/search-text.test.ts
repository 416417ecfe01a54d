import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, cpSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { applyMigrations, migrationsDir } from '#app/models/migrator.ts';

const migrations = readdirSync(migrationsDir)
  .filter((name) => /^\d+_/.test(name))
  .sort();
const searchMigration = migrations.find((name) => name.endsWith('_search_rendered_text'))!;
// The database as it was before that migration: later ones may read its columns, so they are left out too.
const later = migrations.filter((name) => name >= searchMigration);

describe('search text for articles saved before search read rendered text', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'folio-search-text-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is filled by the migration run, indexed, and quoted without Markdown', async () => {
    const before = path.join(dir, 'before');
    cpSync(migrationsDir, before, {
      recursive: true,
      filter: (source) => !later.some((name) => source.includes(name)),
    });
    const file = path.join(dir, 'old.db');
    await applyMigrations(`file:${file}`, before);
    const old = new Database(file);
    old
      .prepare(
        `INSERT INTO "User" ("login", "displayName", "email", "passwordHash", "updatedAt") VALUES ('ada', 'Ada', 'ada@example.com', 'x', '2024-01-01T00:00:00.000+00:00')`,
      )
      .run();
    old
      .prepare(
        `INSERT INTO "Article" ("title", "slug", "excerpt", "excerptHtml", "bodySource", "bodyHtml", "state", "publishedAt", "publishedOn", "authorId", "updatedAt")
      VALUES ('Old numbat', 'old-numbat', '', '', 'An *old* numbat &amp; friends', '<p>An <em>old</em> numbat &amp; friends</p>', 'published', '2024-01-01T00:00:00.000+00:00', '2024-01-01', 1, '2024-01-02T00:00:00.000+00:00')`,
      )
      .run();
    old.close();

    expect(await applyMigrations(`file:${file}`, migrationsDir)).toEqual(later);
    const db = new Database(file);
    try {
      expect(db.prepare(`SELECT "excerptText", "bodyText", "wordCount", "updatedAt" FROM "Article"`).get()).toEqual({
        excerptText: '',
        bodyText: 'An old numbat & friends',
        // Counted from the filled text: the open-web migration's own count ran while bodyText was still empty.
        wordCount: 4,
        updatedAt: '2024-01-02T00:00:00.000+00:00',
      });
      const hit = db
        .prepare(
          `SELECT rowid AS id, snippet("ArticleSearch", 2, '[', ']', '…', 24) AS snippet FROM "ArticleSearch" WHERE "ArticleSearch" MATCH '"numbat"'`,
        )
        .get();
      expect(hit).toEqual({ id: 1, snippet: 'An old [numbat] & friends' });
      expect(db.prepare(`SELECT count(*) AS n FROM "ArticleSearch" WHERE "ArticleSearch" MATCH '"em"'`).get()).toEqual({
        n: 0,
      });
      // The index agrees with its content table (FTS5's own consistency check).
      expect(() =>
        db.prepare(`INSERT INTO "ArticleSearch" ("ArticleSearch", "rank") VALUES ('integrity-check', 1)`).run(),
      ).not.toThrow();
    } finally {
      db.close();
    }
  });
});
