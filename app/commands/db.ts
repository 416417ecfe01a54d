/**
 * `npm run db:migrate [-- --status | --rolled-back NAME | --applied NAME]`
 * and `npm run db:diff -- NAME`. Exit status 0 when done (or up to date),
 * 1 when refused or failed, and for --status when a migration is pending or
 * failed.
 */
import { loadConfig } from '#config/environment.ts';
import {
  applyMigrations,
  diffSchema,
  displayTime,
  migrationStatus,
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

/** Writes a migration for what schema.prisma changed since the last one. */
export async function diff(args: string[]): Promise<void> {
  const name = args[0];
  if (!name) throw new CliError('usage: npm run db:diff -- <migration_name>   (lower_snake_case)');
  const sql = await diffSchema();
  if (!sql) return void console.log('schema.prisma matches the migrations: nothing to write.');
  console.log(`Wrote ${await writeMigration(name, sql)}/migration.sql. Review it, then run npm run db:migrate.`);
}
