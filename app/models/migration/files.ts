/**
 * The migrations on disk: `prisma/migrations/<name>/migration.sql`, in name
 * (so time) order, each with the checksum Prisma records for it.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { MigrationError } from '#app/models/migration/error.ts';

export interface MigrationFile {
  name: string;
  sql: string;
  /** What `_prisma_migrations.checksum` holds for this script: sha256 hex of its bytes. */
  checksum: string;
}

export async function readMigrationFiles(dir: string, provider: string): Promise<MigrationFile[]> {
  if (!existsSync(dir)) return [];
  await checkLockfile(dir, provider);
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(dir, name, 'migration.sql');
      if (!existsSync(file)) throw new MigrationError(`migration ${name} has no migration.sql (${file})`);
      const sql = await readFile(file, 'utf8');
      return { name, sql, checksum: checksumOf(sql) };
    }),
  );
}

export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql).digest('hex');
}

/**
 * Whether a recorded checksum is this script's. Like Prisma, a script whose
 * line endings changed (a checkout with core.autocrlf) still matches.
 */
export function checksumMatches(file: MigrationFile, recorded: string): boolean {
  return (
    file.checksum === recorded ||
    checksumOf(file.sql.replace(/\r\n/g, '\n')) === recorded ||
    checksumOf(file.sql.replace(/\r?\n/g, '\r\n')) === recorded
  );
}

/** Migrations written for another database would fail statement by statement: refuse them up front. */
async function checkLockfile(dir: string, provider: string): Promise<void> {
  const lockfile = path.join(dir, 'migration_lock.toml');
  if (!existsSync(lockfile)) return;
  const written = /^\s*provider\s*=\s*"([^"]+)"/m.exec(await readFile(lockfile, 'utf8'))?.[1];
  if (written && written !== provider)
    throw new MigrationError(
      `the migrations in ${dir} were written for ${written} (migration_lock.toml), and this database is ${provider}`,
    );
}
