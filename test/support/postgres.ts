/**
 * Throwaway PostgreSQL clusters for tests: Debian's `initdb` and `pg_ctl`
 * (postgresql 15) in a temp dir, on a free loopback port, trusting local
 * connections, run as the `postgres` user when the tests run as root
 * (initdb refuses root). A streaming replica of a cluster is one
 * `pg_basebackup -R` away (`startReplica`).
 */
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from '#test/support/ports.ts';
import { waitFor } from '#test/support/wait-for.ts';

const run = promisify(execFile);

/** Where Debian puts the server binaries (the newest installed major version). */
export function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : path.join(root, versions[0], 'bin');
}

export interface PostgresCluster {
  readonly port: number;
  readonly dir: string;
  /** `postgresql://postgres@127.0.0.1:PORT/<database>`. */
  url(database?: string): string;
  stop(): Promise<void>;
  /** Stops the server, keeping its files (`start` brings it back on the same port). */
  halt(): Promise<void>;
  start(): Promise<void>;
}

/** Initialises and starts a cluster in a new temp dir; `stop` removes it. */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const dir = makeDir('folio-pg-');
  const data = path.join(dir, 'data');
  await asPostgres('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--locale=C.UTF-8', '-E', 'UTF8', '-N']);
  return launch(dir, data, ['-c', 'wal_level=replica', '-c', 'max_wal_senders=4']);
}

/** A hot standby of `primary`, streaming from it (`pg_basebackup -R` writes the standby settings). */
export async function startReplica(primary: PostgresCluster): Promise<PostgresCluster> {
  const dir = makeDir('folio-pg-replica-');
  const data = path.join(dir, 'data');
  await asPostgres('pg_basebackup', [
    '-h',
    '127.0.0.1',
    '-p',
    String(primary.port),
    '-U',
    'postgres',
    '-D',
    data,
    '-R',
    '-c',
    'fast',
  ]);
  const replica = await launch(dir, data, ['-c', 'hot_standby=on']);
  // Accepting connections is not streaming yet: on a busy machine the WAL receiver starts later,
  // and a test that reads the replica's lag (or its data) at once would see "not streaming".
  await waitFor(() => streaming(replica.url('postgres')), {
    timeout: 60_000,
    interval: 100,
    message: 'the replica to stream from its primary',
  });
  return replica;
}

async function streaming(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ status: string }>(`SELECT status FROM pg_stat_wal_receiver`);
    return rows[0]?.status === 'streaming';
  } finally {
    await client.end();
  }
}

/** Runs SQL on `url` (one statement or several), e.g. CREATE DATABASE. */
export async function execSql(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh database on `cluster`, copied from `template` when given (a copy takes milliseconds). */
export async function createDatabase(cluster: PostgresCluster, name: string, template?: string): Promise<string> {
  await execSql(cluster.url('postgres'), `CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
  return cluster.url(name);
}

export async function dropDatabase(cluster: PostgresCluster, name: string): Promise<void> {
  await execSql(cluster.url('postgres'), `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

async function launch(dir: string, data: string, settings: string[]): Promise<PostgresCluster> {
  const log = path.join(dir, 'server.log');
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    const options = ['-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', ...settings];
    const start = () =>
      asPostgres('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '120', '-o', options.join(' '), 'start']);
    try {
      await start();
    } catch (error) {
      if (attempt < 3) continue;
      throw error;
    }
    const halt = async () => {
      await asPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
    };
    return {
      port,
      dir,
      url: (database = 'postgres') => `postgresql://postgres@127.0.0.1:${port}/${database}`,
      halt,
      start: async () => {
        await start();
      },
      async stop() {
        await halt();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
}

/** A temp dir the server's user owns. */
function makeDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  if (userInfo().uid === 0) {
    const { uid, gid } = postgresUser();
    chownSync(dir, uid, gid);
  }
  return dir;
}

async function asPostgres(binary: string, args: string[]): Promise<void> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
  const file = path.join(bin, binary);
  if (userInfo().uid === 0) await run('runuser', ['-u', 'postgres', '--', file, ...args], { cwd: '/' });
  else await run(file, args, { cwd: '/' });
}

let postgresIds: { uid: number; gid: number } | undefined;
function postgresUser(): { uid: number; gid: number } {
  if (!postgresIds) {
    const [uid, gid] = ['-u', '-g'].map((flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' })));
    postgresIds = { uid: uid!, gid: gid! };
  }
  return postgresIds;
}
