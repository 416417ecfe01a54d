/**
 * PostgreSQL's half of db:backup and db:restore, through PostgreSQL's own
 * tools: `pg_dump --format=custom` (a consistent snapshot, taken while the
 * blog serves) and, to restore, `pg_restore` turning the dump into SQL that
 * `psql` runs in ONE transaction after emptying the schema. A restore that
 * fails anywhere rolls back entirely: the database is as it was.
 *
 * The tools come from PATH, else from Debian's newest
 * /usr/lib/postgresql/<version>/bin (pg_dump must be at least as new as the
 * server). The password never appears on a command line: it goes in
 * PGPASSWORD.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { BackupError } from '#app/database/backup-error.ts';

/** What libpq accepts in a URL's query; Prisma's own parameters (schema, connection_limit, …) are not. */
const libpqParameters = new Set([
  'sslmode',
  'sslcert',
  'sslkey',
  'sslrootcert',
  'sslpassword',
  'application_name',
  'connect_timeout',
  'options',
  'host',
  'hostaddr',
  'port',
  'target_session_attrs',
]);

export interface PostgresTarget {
  /** The URL libpq tools are given: no password, only libpq's parameters. */
  readonly url: string;
  readonly env: NodeJS.ProcessEnv;
  /** The schema the blog lives in (Prisma's `?schema=`, default public). */
  readonly schema: string;
}

export function postgresTarget(databaseUrl: string): PostgresTarget {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  const schema = url.searchParams.get('schema') ?? 'public';
  for (const key of [...url.searchParams.keys()]) if (!libpqParameters.has(key)) url.searchParams.delete(key);
  const env = { ...process.env, ...(password ? { PGPASSWORD: password } : {}) };
  return { url: url.toString(), env, schema };
}

/** pg_dump's custom format into `destination`; resolves with the migrations applied to the database. */
export async function backupPostgres(databaseUrl: string, destination: string): Promise<string[]> {
  const target = postgresTarget(databaseUrl);
  const migrations = await postgresMigrations(databaseUrl, target.schema);
  await runTool('pg_dump', ['--format=custom', `--file=${destination}`, `--dbname=${target.url}`], target.env);
  return migrations;
}

/**
 * Replaces the database's contents with the dump's, in one transaction: the
 * blog's schema is dropped and made again (so tables a later migration added
 * go too, and the restored migration history is the truth), then the dump's
 * SQL runs, each object dropped first if it exists (extensions, other
 * schemas); any error (psql's ON_ERROR_STOP) ends the session before COMMIT,
 * so nothing changed. Objects come to belong to the restoring user.
 */
export async function restorePostgres(databaseUrl: string, dump: string): Promise<void> {
  const target = postgresTarget(databaseUrl);
  const schema = `"${target.schema.replace(/"/g, '""')}"`;
  const restore = spawn(tool('pg_restore'), ['--clean', '--if-exists', '--no-owner', '--file=-', dump], {
    env: target.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const psql = spawn(tool('psql'), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', `--dbname=${target.url}`], {
    env: target.env,
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  const restoreDone = exited(restore, 'pg_restore');
  const psqlDone = exited(psql, 'psql');
  psql.stdin.on('error', () => {}); // psql stops reading at the first error; its exit says why
  // PostgreSQL 15's own public schema belongs to the database's owner and may be used by everyone: made again so.
  const defaults =
    target.schema === 'public'
      ? 'ALTER SCHEMA public OWNER TO pg_database_owner;\nGRANT USAGE ON SCHEMA public TO PUBLIC;\n'
      : '';
  psql.stdin.write(`BEGIN;\nDROP SCHEMA IF EXISTS ${schema} CASCADE;\nCREATE SCHEMA ${schema};\n${defaults}`);
  restore.stdout.pipe(psql.stdin, { end: false });
  try {
    await restoreDone;
    psql.stdin.end('COMMIT;\n');
  } catch (error) {
    psql.stdin.end(); // no COMMIT: psql's session ends and PostgreSQL rolls the transaction back
    await psqlDone.catch(() => undefined);
    throw error;
  }
  await psqlDone;
}

/** Names of the migrations `_prisma_migrations` records as applied (none when there is no such table). */
export async function postgresMigrations(databaseUrl: string, schema: string): Promise<string[]> {
  const target = postgresTarget(databaseUrl);
  const client = new pg.Client({ connectionString: target.url, password: target.env.PGPASSWORD });
  try {
    await client.connect();
  } catch (error) {
    throw new BackupError(`cannot connect to PostgreSQL (${target.url}): ${(error as Error).message}`);
  }
  try {
    const table = await client.query('SELECT to_regclass($1) AS name', [`"${schema}"._prisma_migrations`]);
    if (!(table.rows[0] as { name: string | null }).name) return [];
    const rows = await client.query(
      `SELECT migration_name AS name FROM "${schema}"._prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
    );
    return rows.rows.map((row) => (row as { name: string }).name);
  } finally {
    await client.end();
  }
}

/** `name` on PATH, else in the newest /usr/lib/postgresql/<version>/bin. */
export function tool(name: string): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter))
    if (dir && existsSync(path.join(dir, name))) return path.join(dir, name);
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((version) => existsSync(path.join(root, version, 'bin', name)))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0] === undefined)
    throw new BackupError(`${name} is not installed (neither on PATH nor in ${root}/*/bin): install postgresql-client`);
  return path.join(root, versions[0], 'bin', name);
}

function runTool(name: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return exited(spawn(tool(name), args, { env, stdio: ['ignore', 'ignore', 'pipe'] }), name);
}

function exited(child: ReturnType<typeof spawn>, name: string): Promise<void> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-8192)));
  return new Promise((resolve, reject) => {
    child.on('error', (error) => reject(new BackupError(`cannot run ${name}: ${error.message}`)));
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new BackupError(`${name} failed (exit ${code}): ${stderr.trim()}`)),
    );
  });
}
