/**
 * A backup directory, as `db:backup` writes it and `db:restore` reads it:
 *   manifest.json            what is inside, when and by which Folio it was taken
 *   database.sqlite          SQLite, through the online backup API
 *   database.pgdump          PostgreSQL, pg_dump's custom format
 *   uploads/                 the data dir's uploads, file for file
 * The manifest carries the database file's size and sha256 (checked before
 * anything is restored) and the migrations applied to it, so a release can
 * refuse a backup of a schema newer than it knows.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CliError } from '#app/commands/cli-error.ts';

export const manifestName = 'manifest.json';
export const uploadsDirName = 'uploads';
export const databaseFileNames = { sqlite: 'database.sqlite', postgresql: 'database.pgdump' } as const;
export type DatabaseKind = keyof typeof databaseFileNames;

const manifestSchema = z.object({
  format: z.literal(1),
  createdAt: z.string(),
  host: z.string(),
  folio: z.object({ version: z.string() }),
  database: z
    .object({
      kind: z.enum(['sqlite', 'postgresql']),
      file: z.string(),
      bytes: z.number(),
      sha256: z.string(),
      migrations: z.array(z.string()),
    })
    .nullable(),
  uploads: z.object({ files: z.number(), bytes: z.number() }).nullable(),
});

export type BackupManifest = z.infer<typeof manifestSchema>;
export type DatabasePart = NonNullable<BackupManifest['database']>;

export function writeManifest(dir: string, manifest: BackupManifest): void {
  writeFileSync(path.join(dir, manifestName), JSON.stringify(manifest, null, 2) + '\n');
}

/** The manifest of the backup in `dir`; a CliError when there is none or it is not one of ours. */
export function readManifest(dir: string): BackupManifest {
  const file = path.join(dir, manifestName);
  if (!existsSync(file)) throw new CliError(`${dir} is not a Folio backup: it has no ${manifestName}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CliError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const result = manifestSchema.safeParse(parsed);
  if (!result.success)
    throw new CliError(
      `${file} is not a manifest this Folio reads (${result.error.issues[0]!.path.join('.')}: ${result.error.issues[0]!.message})`,
    );
  return result.data;
}

export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/**
 * The migrations applied to the backed-up database that this release does not
 * have: a non-empty list means the backup's schema is newer than the code,
 * which would misread it.
 */
export function unknownMigrations(applied: readonly string[], known: readonly string[]): string[] {
  const release = new Set(known);
  return applied.filter((name) => !release.has(name));
}

/** The migrations this release would still apply to the restored database. */
export function pendingMigrations(applied: readonly string[], known: readonly string[]): string[] {
  const backup = new Set(applied);
  return known.filter((name) => !backup.has(name));
}
