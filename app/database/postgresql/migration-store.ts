/**
 * PostgreSQL's side of migrating (the MigrationStore of
 * models/migration/history.ts): each migration runs in one transaction with
 * the `_prisma_migrations` row that records it (PostgreSQL's DDL is
 * transactional), so a failure leaves no trace; the rows are the ones
 * `prisma migrate deploy` writes. Several hosts may boot at once: an
 * advisory lock, held for each transaction, lets one migrate at a time, and
 * the others then find the migration recorded.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { MigrationFile } from '#app/models/migration/files.ts';
import { MigrationError } from '#app/models/migration/error.ts';
import type { MigrationRow, MigrationStore } from '#app/models/migration/history.ts';
import { redactUrl } from '#app/database/url.ts';

/** Prisma's DDL for its table on PostgreSQL, verbatim. */
const migrationsTable = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** Any fixed number, the same in every Folio process: the migration lock's key. */
const migrationLockKey = 7_140_230_113;

export async function openPostgresMigrationStore(databaseUrl: string): Promise<MigrationStore> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new MigrationError(`cannot connect to ${redactUrl(databaseUrl)}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  client.on('error', () => {}); // reported by the query that fails

  const transaction = async <T>(failure: string, work: () => Promise<T>): Promise<T> => {
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [migrationLockKey]);
      await client.query(migrationsTable);
      const result = await work();
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error instanceof MigrationError
        ? error
        : new MigrationError(`${failure}: ${(error as Error).message}`, { cause: error });
    }
  };

  const insertRow = (migration: MigrationFile, row: { logs: string | null; steps: number; ran: boolean }) =>
    client.query(
      `INSERT INTO "_prisma_migrations" ("id", "checksum", "finished_at", "migration_name", "logs", "rolled_back_at", "started_at", "applied_steps_count")
       VALUES ($1, $2, clock_timestamp(), $3, $4, NULL, ${row.ran ? 'now()' : 'clock_timestamp()'}, $5)`,
      [randomUUID(), migration.checksum, migration.name, row.logs, row.steps],
    );
  const markFailedRolledBack = async (name: string) =>
    (
      await client.query(
        `UPDATE "_prisma_migrations" SET "rolled_back_at" = clock_timestamp()
          WHERE "migration_name" = $1 AND "finished_at" IS NULL AND "rolled_back_at" IS NULL`,
        [name],
      )
    ).rowCount ?? 0;

  return {
    provider: 'postgresql',
    async rows() {
      const exists = await client.query(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS "exists"`);
      if (!(exists.rows[0] as { exists: boolean }).exists) return [];
      const { rows } = await client.query<MigrationRow>(
        `SELECT "migration_name" AS name, "checksum", "started_at"::text AS "startedAt", "finished_at"::text AS "finishedAt",
                "rolled_back_at"::text AS "rolledBackAt", "logs"
           FROM "_prisma_migrations" ORDER BY "started_at", "migration_name"`,
      );
      return rows;
    },
    apply: (migration) =>
      transaction(`migration ${migration.name} failed`, async () => {
        const done = await client.query(
          `SELECT 1 FROM "_prisma_migrations" WHERE "migration_name" = $1 AND "rolled_back_at" IS NULL`,
          [migration.name],
        );
        if (done.rows.length > 0) return false;
        await client.query(migration.sql);
        await insertRow(migration, { logs: null, steps: 1, ran: true });
        return true;
      }),
    recordApplied: (migration) =>
      transaction(`recording ${migration.name} as applied failed`, async () => {
        await markFailedRolledBack(migration.name);
        // What the engine's markMigrationApplied writes: no steps run, empty logs.
        await insertRow(migration, { logs: '', steps: 0, ran: false });
      }),
    recordRolledBack: (name) => transaction(`marking ${name} rolled back failed`, () => markFailedRolledBack(name)),
    close: () => client.end(),
  };
}
