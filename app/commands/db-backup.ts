/**
 * `npm run folio -- db:backup --to DIR [--only database|uploads]` and
 * `npm run folio -- db:restore --from DIR`: one host's blog data (its
 * database and its uploads) into a backup directory and back
 * (db-backup-manifest.ts describes the directory). `npm run deploy --
 * backup` and `restore` run these on the hosts and move the directories
 * to and from the backup host.
 *
 * A restore checks everything before it changes anything (the manifest, the
 * database file's checksum, that the database is of the kind DATABASE_URL
 * names, that this release knows every migration applied to the backup, that
 * the worker pool is stopped), keeps the previous data until the restore has
 * succeeded (SQLite: the file renamed aside; PostgreSQL: one transaction),
 * and empties the page cache, whose pages show the data that was replaced.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '#config/environment.ts';
import { pageCacheRoot } from '#config/page-cache.ts';
import { uploadDirs } from '#config/uploads.ts';
import { parseOptions } from '#app/commands/arguments.ts';
import { CliError } from '#app/commands/cli-error.ts';
import {
  databaseFileNames,
  pendingMigrations,
  readManifest,
  sha256File,
  unknownMigrations,
  uploadsDirName,
  writeManifest,
  type BackupManifest,
  type DatabaseKind,
  type DatabasePart,
} from '#app/commands/db-backup-manifest.ts';
import { copyTree, emptyDir } from '#app/commands/db-backup-files.ts';
import { backupPostgres, restorePostgres } from '#app/database/postgresql/backup.ts';
import { backupSqlite, sqlitePath, stageSqlite, type StagedSwap } from '#app/database/sqlite/backup.ts';
import { folioVersion } from '#app/version.ts';
import { connectDatabase, disconnectDatabase } from '#app/models/db.ts';
import { recordBackup } from '#app/monitor/alerts/backup-fact.ts';
import { providers } from '#app/models/migrator.ts';
import { isAlive, readPid, runPaths } from '#app/server/pool/state-file.ts';

const backupUsage = 'usage: npm run folio -- db:backup --to DIR [--only database|uploads]';
const restoreUsage = 'usage: npm run folio -- db:restore --from DIR';

export async function dbBackup(args: string[]): Promise<void> {
  const values = parseOptions(args, { to: { type: 'string' }, only: { type: 'string' } }, backupUsage);
  if (!values.to) throw new CliError(`--to DIR is required\n${backupUsage}`);
  if (values.only !== undefined && values.only !== 'database' && values.only !== 'uploads')
    throw new CliError(`--only: expected database or uploads, got "${values.only}"\n${backupUsage}`);
  const dir = path.resolve(values.to);
  if (existsSync(dir) && readdirSync(dir).length > 0)
    throw new CliError(`${dir} is not empty: a backup goes into a new or empty directory`);
  mkdirSync(dir, { recursive: true });
  const config = loadConfig();
  const started = performance.now();
  // The database first, then the uploads: every file the backed-up database names is then in the backup.
  const database = values.only === 'uploads' ? null : await backupDatabase(config.databaseUrl, dir);
  const uploads = values.only === 'database' ? null : copyTree(uploadDirs(config).root, path.join(dir, uploadsDirName));
  const manifest: BackupManifest = {
    format: 1,
    createdAt: new Date().toISOString(),
    host: os.hostname(),
    folio: { version: folioVersion() },
    database,
    uploads,
  };
  writeManifest(dir, manifest);
  console.log(`backed up ${describe(manifest)} to ${dir} in ${seconds(started)}`);
  if (database) await noteBackup(config, new Date(manifest.createdAt));
}

/**
 * For the backup-age alert (app/monitor/alerts/backup-fact.ts): a backup of the database was made. The
 * backup itself is done and sound, so failing to note it only warns.
 */
async function noteBackup(config: Config, at: Date): Promise<void> {
  try {
    await connectDatabase(config.databaseUrl);
    await recordBackup(at);
  } catch (error) {
    console.warn(`warning: the backup could not be noted for the backup-age alert: ${(error as Error).message}`);
  } finally {
    await disconnectDatabase();
  }
}

export async function dbRestore(args: string[]): Promise<void> {
  const values = parseOptions(args, { from: { type: 'string' } }, restoreUsage);
  if (!values.from) throw new CliError(`--from DIR is required\n${restoreUsage}`);
  const dir = path.resolve(values.from);
  const manifest = readManifest(dir);
  const config = loadConfig();
  const started = performance.now();
  refuseWhileServing(config);
  if (manifest.database) await checkDatabase(dir, manifest.database, config.databaseUrl);

  const uploads = manifest.uploads ? stageUploads(dir, config) : undefined;
  let sqlite: StagedSwap | undefined;
  try {
    if (manifest.database?.kind === 'sqlite')
      sqlite = stageSqlite(path.join(dir, manifest.database.file), sqlitePath(config.databaseUrl));
  } catch (error) {
    uploads?.discard();
    throw error;
  }
  // Everything is checked and staged: now the swaps, each undone if a later one fails.
  const done: StagedSwap[] = [];
  try {
    for (const swap of [sqlite, uploads]) {
      if (!swap) continue;
      swap.commit();
      done.push(swap);
    }
    if (manifest.database?.kind === 'postgresql')
      await restorePostgres(config.databaseUrl, path.join(dir, manifest.database.file));
  } catch (error) {
    for (const swap of done.reverse()) swap.undo();
    for (const swap of [sqlite, uploads]) if (swap && !done.includes(swap)) swap.discard();
    throw error;
  }
  for (const swap of done) swap.finish();
  emptyDir(pageCacheRoot(config));
  const pending = manifest.database
    ? pendingMigrations(manifest.database.migrations, releaseMigrations(manifest.database.kind))
    : [];
  console.log(
    `restored ${describe(manifest)}, backed up ${manifest.createdAt} on ${manifest.host}, in ${seconds(started)}; page cache emptied` +
      (pending.length
        ? `\n${pending.length} migration(s) of this release are not applied to it yet: run npm run db:migrate (the workers also apply them when they start)`
        : ''),
  );
}

async function backupDatabase(databaseUrl: string, dir: string): Promise<DatabasePart> {
  const kind = databaseKind(databaseUrl);
  const file = databaseFileNames[kind];
  const destination = path.join(dir, file);
  const migrations =
    kind === 'sqlite'
      ? await backupSqlite(sqlitePath(databaseUrl), destination)
      : await backupPostgres(databaseUrl, destination);
  return { kind, file, bytes: statSync(destination).size, sha256: await sha256File(destination), migrations };
}

/** Refuses, before anything changes, a database this release cannot or must not restore. */
async function checkDatabase(dir: string, database: DatabasePart, databaseUrl: string): Promise<void> {
  const kind = databaseKind(databaseUrl);
  if (database.kind !== kind)
    throw new CliError(
      `the backup holds a ${database.kind} database and DATABASE_URL names a ${kind} one: restore it where the blog ran on ${database.kind}`,
    );
  const file = path.join(dir, database.file);
  if (!existsSync(file)) throw new CliError(`the backup's database file is missing: ${file}`);
  if ((await sha256File(file)) !== database.sha256)
    throw new CliError(`${file} does not match the checksum in the manifest: the backup is damaged`);
  const unknown = unknownMigrations(database.migrations, releaseMigrations(database.kind));
  if (unknown.length)
    throw new CliError(
      `the backup's schema is newer than this release: it has ${unknown.length} migration(s) this release does not know (${unknown.join(', ')}). Deploy a release that has them, then restore`,
    );
}

/** A running pool would keep the replaced database open (SQLite) or hold locks on it (PostgreSQL), and serve stale pages. */
function refuseWhileServing(config: Config): void {
  const pid = readPid(runPaths(config.dataDir));
  if (pid !== undefined && isAlive(pid))
    throw new CliError(
      `the worker pool is running (supervisor pid ${pid}): stop it first (npm run workers -- stop), or restore through npm run deploy -- restore, which does`,
    );
}

/** The backup's uploads linked in beside the live ones, ready to be swapped in. */
function stageUploads(dir: string, config: Config): StagedSwap {
  const live = uploadDirs(config).root;
  const staged = `${live}.restoring`;
  const aside = `${live}.before-restore`;
  rmSync(staged, { recursive: true, force: true });
  copyTree(path.join(dir, uploadsDirName), staged);
  let moved = false;
  return {
    commit() {
      rmSync(aside, { recursive: true, force: true });
      if (existsSync(live)) {
        renameSync(live, aside);
        moved = true;
      }
      renameSync(staged, live);
    },
    undo() {
      rmSync(live, { recursive: true, force: true });
      if (moved) renameSync(aside, live);
    },
    finish() {
      rmSync(aside, { recursive: true, force: true });
    },
    discard() {
      rmSync(staged, { recursive: true, force: true });
    },
  };
}

function databaseKind(databaseUrl: string): DatabaseKind {
  return databaseUrl.startsWith('file:') ? 'sqlite' : 'postgresql';
}

/** The migrations this release has for a database of `kind` (each provider has its own folder). */
export function releaseMigrations(kind: DatabaseKind): string[] {
  const dir = providers[kind].migrationsDir;
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

function describe(manifest: BackupManifest): string {
  const parts = [
    manifest.database &&
      `the ${manifest.database.kind} database (${megabytes(manifest.database.bytes)}, ${manifest.database.migrations.length} migrations)`,
    manifest.uploads && `${manifest.uploads.files} upload files (${megabytes(manifest.uploads.bytes)})`,
  ].filter(Boolean);
  return parts.join(' and ') || 'nothing';
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function seconds(started: number): string {
  return `${((performance.now() - started) / 1000).toFixed(1)} s`;
}
