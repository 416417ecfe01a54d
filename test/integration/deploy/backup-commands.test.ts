/**
 * `folio db:backup` and `db:restore` on one host, through the real CLI: a
 * seeded SQLite blog and a real PostgreSQL cluster (a database filled with
 * plain SQL), backed up, changed, restored; and every refusal leaves the
 * data as it was.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFolio } from '#test/support/cli.ts';
import { createDatabase, execSql, startPostgresCluster, type PostgresCluster } from '#test/support/postgres.ts';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'folio-backup-commands-'));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Rewrites a backup's manifest (and, given `database`, its database file with a matching checksum). */
function tamper(backup: string, change: (manifest: Record<string, unknown>) => void, database?: Buffer): void {
  const file = path.join(backup, 'manifest.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> & {
    database: { file: string; sha256: string; bytes: number };
  };
  change(manifest);
  if (database) {
    writeFileSync(path.join(backup, manifest.database.file), database);
    manifest.database.sha256 = createHash('sha256').update(database).digest('hex');
    manifest.database.bytes = database.length;
  }
  writeFileSync(file, JSON.stringify(manifest));
}

function copyDir(from: string, to: string): string {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true, recursive: true })) {
    const target = path.join(to, path.relative(from, path.join(entry.parentPath, entry.name)));
    if (entry.isDirectory()) mkdirSync(target, { recursive: true });
    else writeFileSync(target, readFileSync(path.join(entry.parentPath, entry.name)));
  }
  return to;
}

describe('on SQLite', () => {
  let data: string;
  let env: Record<string, string>;
  const articles = () => {
    const db = new Database(path.join(data, 'folio.db'), { readonly: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM Article').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    data = path.join(dir, 'sqlite-data');
    env = { FOLIO_DATA_DIR: data };
    const seeded = await runFolio(['seed', '--articles', '30'], env);
    expect(seeded.code, seeded.stderr).toBe(0);
    mkdirSync(path.join(data, 'uploads/2026/01'), { recursive: true });
    writeFileSync(path.join(data, 'uploads/2026/01/abc.png'), 'not really a png');
    mkdirSync(path.join(data, 'cache'), { recursive: true });
    writeFileSync(path.join(data, 'cache/index.html'), 'a stale page');
  });

  it('backs up the database and the uploads, and restores them over a changed data dir, emptying the page cache', async () => {
    const backup = path.join(dir, 'sqlite-backup');
    const result = await runFolio(['db:backup', '--to', backup], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^backed up the sqlite database \([\d.]+ MB, \d+ migrations\) and 1 upload files/);
    expect(readdirSync(backup).sort()).toEqual(['database.sqlite', 'manifest.json', 'uploads']);
    // Noted for the backup-age alert, once the backup is complete.
    const { createdAt } = JSON.parse(readFileSync(path.join(backup, 'manifest.json'), 'utf8')) as { createdAt: string };
    const noted = new Database(path.join(data, 'folio.db'), { readonly: true });
    expect(noted.prepare(`SELECT value FROM MonitorFact WHERE name = 'lastBackupAt'`).get()).toEqual({
      value: createdAt,
    });
    noted.close();

    const before = articles();
    new Database(path.join(data, 'folio.db')).exec('DELETE FROM Comment; DELETE FROM Article');
    rmSync(path.join(data, 'uploads'), { recursive: true });
    writeFileSync(path.join(data, 'uploads-gone'), '');
    expect(articles()).toBe(0);

    const restored = await runFolio(['db:restore', '--from', backup], env);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/^restored the sqlite database .* page cache emptied\n$/);
    expect(articles()).toBe(before);
    expect(readFileSync(path.join(data, 'uploads/2026/01/abc.png'), 'utf8')).toBe('not really a png');
    expect(readdirSync(path.join(data, 'cache'))).toEqual([]);
    expect(readdirSync(data).filter((name) => /restor/.test(name))).toEqual([]);
  });

  it('refuses, changing nothing: a newer schema, a damaged file, another database kind, a running pool, a non-empty target', async () => {
    const backup = path.join(dir, 'sqlite-backup');
    const before = articles();
    const refusals: [string, (copy: string) => void, RegExp][] = [
      [
        'newer',
        (copy) =>
          tamper(copy, (m) =>
            (m.database as { migrations: string[] }).migrations.push('20991231000000_from_the_future'),
          ),
        /the backup's schema is newer than this release: it has 1 migration\(s\) this release does not know \(20991231000000_from_the_future\)/,
      ],
      [
        'damaged',
        (copy) => writeFileSync(path.join(copy, 'database.sqlite'), 'garbage'),
        /does not match the checksum in the manifest: the backup is damaged/,
      ],
      [
        'not-a-database',
        (copy) => tamper(copy, () => undefined, Buffer.from('garbage that matches its checksum')),
        /file is not a database/,
      ],
      [
        'postgres',
        (copy) => tamper(copy, (m) => ((m.database as { kind: string }).kind = 'postgresql')),
        /the backup holds a postgresql database and DATABASE_URL names a sqlite one/,
      ],
    ];
    for (const [name, damage, message] of refusals) {
      const copy = copyDir(backup, path.join(dir, `sqlite-${name}`));
      damage(copy);
      const result = await runFolio(['db:restore', '--from', copy], env);
      expect(result.code, name).toBe(1);
      expect(result.stderr, name).toMatch(message);
      expect(articles(), name).toBe(before);
      expect(
        readdirSync(data).filter((entry) => /restor/.test(entry)),
        name,
      ).toEqual([]);
    }

    mkdirSync(path.join(data, 'run'), { recursive: true });
    writeFileSync(path.join(data, 'run/supervisor.pid'), `${process.pid}\n`);
    const running = await runFolio(['db:restore', '--from', backup], env);
    rmSync(path.join(data, 'run/supervisor.pid'));
    expect(running.stderr).toMatch(
      /the worker pool is running \(supervisor pid \d+\): stop it first \(npm run workers -- stop\)/,
    );

    const again = await runFolio(['db:backup', '--to', backup], env);
    expect(again.stderr).toMatch(/is not empty: a backup goes into a new or empty directory/);
    expect((await runFolio(['db:restore', '--from', dir], env)).stderr).toMatch(/is not a Folio backup/);
  });
});

describe('on PostgreSQL', () => {
  let cluster: PostgresCluster;
  let url: string;
  let env: Record<string, string>;
  const query = async <T>(sql: string): Promise<T[]> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql)).rows as T[];
    } finally {
      await client.end();
    }
  };
  const titles = async () =>
    (await query<{ title: string }>('SELECT title FROM article ORDER BY id')).map((row) => row.title);

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    url = await createDatabase(cluster, 'blog');
    env = { FOLIO_DATA_DIR: path.join(dir, 'pg-data'), DATABASE_URL: url };
    const init = readdirSync(path.resolve(import.meta.dirname, '../../../prisma/postgresql/migrations')).sort()[0]!;
    await execSql(
      url,
      `CREATE EXTENSION pg_trgm;
       CREATE TABLE _prisma_migrations (id text PRIMARY KEY, checksum text, finished_at timestamptz, migration_name text, logs text, rolled_back_at timestamptz, started_at timestamptz DEFAULT now(), applied_steps_count int DEFAULT 0);
       INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name) VALUES ('1', 'x', now(), '${init}');
       CREATE TABLE article (id serial PRIMARY KEY, title text NOT NULL);
       CREATE INDEX article_title ON article USING gin (title gin_trgm_ops);
       INSERT INTO article (title) SELECT 'article ' || n FROM generate_series(1, 500) AS n;`,
    );
    mkdirSync(path.join(dir, 'pg-data/uploads'), { recursive: true });
    writeFileSync(path.join(dir, 'pg-data/uploads/one.pdf'), 'a pdf');
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it('backs up with pg_dump and restores in one transaction, dropping what was added since', async () => {
    const backup = path.join(dir, 'pg-backup');
    const result = await runFolio(['db:backup', '--to', backup], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^backed up the postgresql database \([\d.]+ MB, 1 migrations\) and 1 upload files/);
    expect(readFileSync(path.join(backup, 'database.pgdump')).subarray(0, 5).toString()).toBe('PGDMP');

    await execSql(url, `DELETE FROM article WHERE id > 10; CREATE TABLE later (id int); INSERT INTO later VALUES (1)`);
    rmSync(path.join(dir, 'pg-data/uploads/one.pdf'));
    const restored = await runFolio(['db:restore', '--from', backup], env);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/^restored the postgresql database/);
    expect(await titles()).toHaveLength(500);
    expect(await query(`SELECT to_regclass('later') AS t`)).toEqual([{ t: null }]);
    expect(await query(`SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = 'article_title'`)).toEqual([
      { n: 1 },
    ]);
    expect(readFileSync(path.join(dir, 'pg-data/uploads/one.pdf'), 'utf8')).toBe('a pdf');
  });

  it('leaves the database and the uploads as they were when the restore fails part-way', async () => {
    const broken = copyDir(path.join(dir, 'pg-backup'), path.join(dir, 'pg-broken'));
    const dump = readFileSync(path.join(broken, 'database.pgdump'));
    tamper(broken, () => undefined, dump.subarray(0, Math.floor(dump.length * 0.8)));
    await execSql(url, `DELETE FROM article WHERE id > 100`);
    writeFileSync(path.join(dir, 'pg-data/uploads/two.pdf'), 'added since');
    const result = await runFolio(['db:restore', '--from', broken], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/pg_restore failed|psql failed/);
    expect(await titles()).toHaveLength(100);
    expect(existsSync(path.join(dir, 'pg-data/uploads/two.pdf'))).toBe(true);
    expect(existsSync(path.join(dir, 'pg-data/uploads/one.pdf'))).toBe(true);
  });
});
