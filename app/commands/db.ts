/**
 * `npm run db:migrate [-- --status | --rolled-back NAME | --applied NAME]`
 * and `npm run db:diff -- NAME --postgres URL`. Exit status 0 when done (or up to date),
 * 1 when refused or failed, and for --status when a migration is pending or
 * failed.
 */
import { loadConfig } from '#config/environment.ts';
import {
  applyMigrations,
  diffSchema,
  displayTime,
  migrationStatus,
  providers,
  MigrationError,
  resolveMigration,
  writeMigration,
  type MigrationStatus,
} from '#app/models/migrator.ts';
import { parseOptions } from '#app/commands/arguments.ts';
import { CliError } from '#app/commands/cli-error.ts';

const migrateUsage = 'usage: npm run db:migrate [-- --status | --rolled-back NAME | --applied NAME]';

export async function migrate(args: string[]): Promise<void> {
  const action = migrateAction(args);
  const { databaseUrl } = loadConfig();
  try {
    if (action.kind === 'status') {
      const ok = printStatus(await migrationStatus(databaseUrl));
      if (!ok) process.exitCode = 1;
    } else if (action.kind === 'rolled-back') {
      await resolveMigration(databaseUrl, action.name, 'rolled-back');
      console.log(
        `Marked ${action.name} rolled back. Once its migration.sql is fixed, npm run db:migrate applies it again.`,
      );
    } else if (action.kind === 'applied') {
      await resolveMigration(databaseUrl, action.name, 'applied');
      console.log(`Recorded ${action.name} as applied, without running it.`);
    } else {
      const applied = await applyMigrations(databaseUrl, undefined, {
        warn: (message) => console.warn(`folio: warning: ${message}`),
      });
      console.log(
        applied.length
          ? `Applied ${applied.length} migration(s):\n  ${applied.join('\n  ')}`
          : 'The database is up to date.',
      );
    }
  } catch (error) {
    if (error instanceof MigrationError) throw new CliError(error.message, { cause: error });
    throw error;
  }
}

type MigrateAction = { kind: 'apply' | 'status' } | { kind: 'rolled-back' | 'applied'; name: string };

function migrateAction(args: string[]): MigrateAction {
  const values = parseOptions(
    args,
    { status: { type: 'boolean' }, 'rolled-back': { type: 'string' }, applied: { type: 'string' } },
    migrateUsage,
  );
  const given = [
    values.status && 'status',
    values['rolled-back'] !== undefined && 'rolled-back',
    values.applied !== undefined && 'applied',
  ].filter(Boolean);
  if (given.length > 1) throw new CliError(`give one of --status, --rolled-back, --applied\n${migrateUsage}`);
  if (values.status) return { kind: 'status' };
  for (const kind of ['rolled-back', 'applied'] as const) {
    const name = values[kind];
    if (name === undefined) continue;
    if (!name.trim()) throw new CliError(`--${kind} needs a migration's directory name\n${migrateUsage}`);
    return { kind, name };
  }
  return { kind: 'apply' };
}

/**
 * One line a migration, oldest first: `<state>  <name>  <detail>`, then a
 * summary. Returns whether the database is up to date (nothing pending or failed).
 */
function printStatus(status: MigrationStatus): boolean {
  const lines = [
    ...status.applied.map((a) => ({
      state: 'applied',
      name: a.name,
      detail:
        displayTime(a.appliedAt) + (a.edited ? '  edited since: migration.sql no longer matches its checksum' : ''),
    })),
    ...status.missing.map((m) => ({
      state: 'missing',
      name: m.name,
      detail: `${displayTime(m.appliedAt)}  applied, but not in prisma/migrations`,
    })),
    ...status.failed.map((f) => ({
      state: 'failed',
      name: f.name,
      detail: `started ${displayTime(f.startedAt)}${f.error ? `: ${f.error}` : ''}`,
    })),
    ...status.pending.map((name) => ({ state: 'pending', name, detail: '' })),
  ].sort((a, b) => a.name.localeCompare(b.name));
  const width = Math.max(0, ...lines.map((l) => l.name.length));
  for (const line of lines) console.log(`${line.state.padEnd(8)} ${line.name.padEnd(width)}  ${line.detail}`.trimEnd());
  const { applied, pending, failed } = status;
  if (pending.length === 0 && failed.length === 0) {
    console.log(`Up to date: ${applied.length} migration(s) applied.`);
    return true;
  }
  const counts = [pending.length && `${pending.length} pending`, failed.length && `${failed.length} failed`]
    .filter(Boolean)
    .join(', ');
  const name = failed.length === 1 ? failed[0]!.name : 'NAME';
  const next = failed.length
    ? `resolve the failed one first: npm run db:migrate -- --rolled-back ${name} (once undone) or --applied ${name} (once finished by hand)`
    : 'run npm run db:migrate';
  console.log(`Not up to date: ${counts}; ${next}.`);
  return false;
}

/**
 * Writes a migration for what schema.prisma changed since the last one, for
 * each provider: prisma/migrations (SQLite) and prisma/postgresql/migrations.
 * The PostgreSQL engine must reach a server even to diff two files (it asks
 * for the version), so the PostgreSQL half needs `--postgres URL`: any server
 * you can connect to; nothing is written to it.
 */
export async function diff(args: string[]): Promise<void> {
  const usage =
    'usage: npm run db:diff -- <migration_name> --postgres postgresql://USER@HOST:PORT/postgres   (name in lower_snake_case)';
  const { positional, postgres } = diffArguments(args, usage);
  const name = positional;
  if (!name) throw new CliError(usage);
  await refreshPostgresSchema();
  const sqliteSql = await diffSchema('sqlite');
  if (!sqliteSql) return void console.log('schema.prisma matches the migrations: nothing to write.');
  if (!postgres)
    throw new CliError(
      `schema.prisma changed: a migration is needed for SQLite and for PostgreSQL, and the PostgreSQL diff needs a server.\n${usage}`,
    );
  const postgresSql = await diffSchema('postgresql', undefined, postgres);
  const now = new Date();
  console.log(`Wrote ${await writeMigration(name, sqliteSql, 'sqlite', undefined, now)}/migration.sql.`);
  if (postgresSql)
    console.log(`Wrote ${await writeMigration(name, postgresSql, 'postgresql', undefined, now)}/migration.sql.`);
  console.log('Review them (add what Prisma cannot say, e.g. triggers, to both), then run npm run db:migrate.');
}

function diffArguments(args: string[], usage: string): { positional?: string; postgres?: string } {
  const found: { positional?: string; postgres?: string } = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--postgres') found.postgres = args[++i];
    else if (arg.startsWith('--postgres=')) found.postgres = arg.slice('--postgres='.length);
    else if (!arg.startsWith('-') && found.positional === undefined) found.positional = arg;
    else throw new CliError(`unknown argument "${arg}"\n${usage}`);
  }
  if (found.postgres !== undefined && !/^postgres(ql)?:\/\//.test(found.postgres))
    throw new CliError(`--postgres takes a postgresql:// URL\n${usage}`);
  return found;
}

/** prisma/postgresql/schema.prisma, derived again from schema.prisma (as npm install does). */
async function refreshPostgresSchema(): Promise<void> {
  const { readFile, writeFile } = await import('node:fs/promises');
  const { derivePostgresSchema } = await import('#prisma/postgresql/derive-schema.mjs');
  await writeFile(
    providers.postgresql.schemaPath,
    derivePostgresSchema(await readFile(providers.sqlite.schemaPath, 'utf8')),
  );
}
