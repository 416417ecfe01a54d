/** `npm run db:migrate` and its --status / --rolled-back / --applied, through the real CLI on a real SQLite file. */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { runFolio } from '#test/support/cli.ts';
import { migrationsDir } from '#app/models/migrator.ts';

const names = readdirSync(migrationsDir)
  .filter((n) => /^\d{14}_/.test(n))
  .sort();
const last = names.at(-1)!;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'folio-db-migrate-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function withDatabase(file: string, work: (db: Database.Database) => void): void {
  const db = new Database(file);
  try {
    work(db);
  } finally {
    db.close();
  }
}

describe('npm run db:migrate', () => {
  it('--status lists pending then applied migrations, exit 1 until up to date', async () => {
    const env = { FOLIO_DATA_DIR: path.join(dir, 'status') };
    const before = await runFolio(['db:migrate', '--status'], env);
    expect(before.code).toBe(1);
    expect(before.stdout.trim().split('\n')).toEqual([
      ...names.map((n) => `pending  ${n}`),
      `Not up to date: ${names.length} pending; run npm run db:migrate.`,
    ]);

    const migrate = await runFolio(['db:migrate'], env);
    expect(migrate.code).toBe(0);
    expect(migrate.stdout).toBe(`Applied ${names.length} migration(s):\n  ${names.join('\n  ')}\n`);

    const after = await runFolio(['db:migrate', '--status'], env);
    expect(after.code).toBe(0);
    const lines = after.stdout.trim().split('\n');
    expect(lines.slice(0, -1).map((l) => l.split(/\s+/).slice(0, 2))).toEqual(names.map((n) => ['applied', n]));
    expect(lines[0]).toMatch(/^applied {2}\S+ +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    expect(lines.at(-1)).toBe(`Up to date: ${names.length} migration(s) applied.`);
  });

  it("reports a failing migration by name with SQLite's error, no stack trace, and leaves no row", async () => {
    const data = path.join(dir, 'failing');
    expect((await runFolio(['db:migrate'], { FOLIO_DATA_DIR: data })).code).toBe(0);
    // Forget the row of the migration that adds bodyText: applying it again fails on its first statement's column.
    const addsBodyText = names.find((name) => name.endsWith('_search_rendered_text'))!;
    withDatabase(path.join(data, 'folio.db'), (db) =>
      db.prepare(`DELETE FROM "_prisma_migrations" WHERE "migration_name" = ?`).run(addsBodyText),
    );
    const run = await runFolio(['db:migrate'], { FOLIO_DATA_DIR: data });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`folio: migration ${addsBodyText} failed: duplicate column name: bodyText\n`);
    withDatabase(path.join(data, 'folio.db'), (db) => {
      expect(
        db.prepare(`SELECT count(*) AS n FROM "_prisma_migrations" WHERE "migration_name" = ?`).get(addsBodyText),
      ).toEqual({ n: 0 });
    });
  });

  it('refuses to migrate past a failed row left by an older version until --rolled-back or --applied resolves it', async () => {
    const env = { FOLIO_DATA_DIR: path.join(dir, 'poisoned') };
    const file = path.join(env.FOLIO_DATA_DIR, 'folio.db');
    expect((await runFolio(['db:migrate'], env)).code).toBe(0);
    // The row Prisma's engine left for a migration that failed: no finished_at, its error and a wasm trace in logs.
    withDatabase(file, (db) => {
      db.prepare(
        `UPDATE "_prisma_migrations" SET "finished_at" = NULL, "applied_steps_count" = 0, "logs" = ? WHERE "migration_name" = ?`,
      ).run('near "TABLEE": syntax error\n   0: sql_schema_connector::apply_migration::apply_script', last);
    });

    const blocked = await runFolio(['db:migrate'], env);
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toMatch(
      new RegExp(`^folio: migration ${last} failed \\(started [^)]+ UTC\\): near "TABLEE": syntax error\\n`),
    );
    expect(blocked.stderr).toContain(`npm run db:migrate -- --rolled-back ${last}`);
    expect(blocked.stderr).toContain(`npm run db:migrate -- --applied ${last}`);
    expect(blocked.stderr).not.toContain('sql_schema_connector');

    const status = await runFolio(['db:migrate', '--status'], env);
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(new RegExp(`\\nfailed {3}${last} +started .+ UTC: near "TABLEE": syntax error\\n`));
    expect(status.stdout).toContain(
      `Not up to date: 1 failed; resolve the failed one first: npm run db:migrate -- --rolled-back ${last} (once undone) or --applied ${last} (once finished by hand).`,
    );

    const notFailed = await runFolio(['db:migrate', '--rolled-back', names[0]!], env);
    expect([notFailed.code, notFailed.stderr]).toEqual([
      1,
      `folio: migration ${names[0]} is not failed (it is applied): only a failed migration can be marked rolled back\n`,
    ]);
    const unknown = await runFolio(['db:migrate', '--applied', 'no_such_migration'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^folio: unknown migration "no_such_migration"/);

    const rolledBack = await runFolio(['db:migrate', '--rolled-back', last], env);
    expect([rolledBack.code, rolledBack.stdout]).toEqual([
      0,
      `Marked ${last} rolled back. Once its migration.sql is fixed, npm run db:migrate applies it again.\n`,
    ]);
    const pending = await runFolio(['db:migrate', '--status'], env);
    expect(pending.code).toBe(1);
    expect(pending.stdout).toContain(`\npending  ${last}\nNot up to date: 1 pending; run npm run db:migrate.\n`);

    // Its work is in the database already: record it as applied instead of running it.
    const applied = await runFolio(['db:migrate', '--applied', last], env);
    expect([applied.code, applied.stdout]).toEqual([0, `Recorded ${last} as applied, without running it.\n`]);
    const again = await runFolio(['db:migrate', '--applied', last], env);
    expect([again.code, again.stderr]).toEqual([1, `folio: migration ${last} is already recorded as applied\n`]);
    const upToDate = await runFolio(['db:migrate', '--status'], env);
    expect(upToDate.code).toBe(0);
    expect((await runFolio(['db:migrate'], env)).stdout).toBe('The database is up to date.\n');
  });

  it('refuses bad arguments with its usage', async () => {
    const env = { FOLIO_DATA_DIR: path.join(dir, 'usage') };
    for (const args of [['--bogus'], ['--applied'], ['--status', '--applied', last]]) {
      const run = await runFolio(['db:migrate', ...args], env);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('usage: npm run db:migrate [-- --status | --rolled-back NAME | --applied NAME]');
    }
  });
});
