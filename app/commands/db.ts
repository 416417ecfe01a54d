/** `npm run db:migrate` and `npm run db:diff -- NAME`. */
import { loadConfig } from '#config/environment.ts';
import { applyMigrations, diffSchema, writeMigration } from '#app/models/migrator.ts';
import { CliError } from '#app/commands/cli-error.ts';

export async function migrate(): Promise<void> {
  const { databaseUrl } = loadConfig();
  const applied = await applyMigrations(databaseUrl);
  console.log(applied.length ? `Applied ${applied.length} migration(s):\n  ${applied.join('\n  ')}` : 'The database is up to date.');
}

/** Writes a migration for what schema.prisma changed since the last one. */
export async function diff(args: string[]): Promise<void> {
  const name = args[0];
  if (!name) throw new CliError('usage: npm run db:diff -- <migration_name>   (lower_snake_case)');
  const sql = await diffSchema();
  if (!sql) return void console.log('schema.prisma matches the migrations: nothing to write.');
  console.log(`Wrote ${await writeMigration(name, sql)}/migration.sql. Review it, then run npm run db:migrate.`);
}
