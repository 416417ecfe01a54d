/**
 * The shapes of "PostgreSQL is unavailable" that databaseUnavailability
 * (app/database/errors.ts) recognises, each made to happen for real on a
 * throwaway cluster: stopped, stopping, crashed, hung, resetting, full. Both
 * ways the app reaches PostgreSQL are asked: Prisma (through the app's
 * driver adapter) and our own node-postgres pool.
 */
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { databaseUnavailability } from '#app/database/errors.ts';
import { openPool, rowsOn, type Rows } from '#app/database/postgresql/pool.ts';
import { applyMigrations } from '#app/models/migrator.ts';
import { connectDatabase, db, disconnectDatabase } from '#app/models/db.ts';
import { createDatabase, postgresBinDir, startPostgresCluster, type PostgresCluster } from '#test/support/postgres.ts';
import { waitFor } from '#test/support/wait-for.ts';

/** What an operation failed with (it must fail). */
async function failure(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => {
      throw new Error('expected the operation to fail');
    },
    (error: unknown) => error,
  );
}

/** A pg client for holding things open; its own connection errors are expected here. */
async function client(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  c.on('error', () => {});
  await c.connect();
  return c;
}

describe('databaseUnavailability on PostgreSQL, for errors made to happen', () => {
  let cluster: PostgresCluster;
  let url: string;
  let pool: pg.Pool;
  let rows: Rows;

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    url = await createDatabase(cluster, 'folio_unavailable');
    await applyMigrations(url);
    await connectDatabase(url);
    await db.setting.create({ data: { id: 1 } });
    pool = openPool(url, () => {});
    rows = rowsOn(pool);
  });

  afterAll(async () => {
    await pool?.end();
    await disconnectDatabase();
    await cluster?.stop();
  });

  it('a fast shutdown under running queries: 57P01 (admin_shutdown), then refused connections', async () => {
    const holder = await client(url);
    await holder.query('BEGIN');
    await holder.query('SELECT * FROM "Setting" WHERE id = 1 FOR UPDATE');
    const inFlight = {
      prismaRaw: failure(db.$queryRawUnsafe('SELECT pg_sleep(30)')),
      prismaTransaction: failure(
        db.$transaction(async (tx) => tx.setting.update({ where: { id: 1 }, data: { subtitle: 'waits on the lock' } })),
      ),
      pool: failure(rows('SELECT pg_sleep(30)')),
    };
    // pg_stat_activity is read outside the holder's transaction, whose snapshot of it would never change.
    const observer = await client(url);
    await waitFor(async () => {
      const { rows: running } = await observer.query<{ locked: number; sleeping: number }>(
        `SELECT count(*) FILTER (WHERE wait_event_type = 'Lock')::int AS locked,
                count(*) FILTER (WHERE state = 'active' AND query LIKE 'SELECT pg_sleep%')::int AS sleeping
           FROM pg_stat_activity`,
      );
      return running[0]!.locked === 1 && running[0]!.sleeping === 2;
    });
    // A connection checked out of our pool (as a bulk insert or a transaction holds one), idle when the server goes.
    const checkedOut = await pool.connect();
    // (Not events.once, whose own 'error' listener would keep the error from being thrown without ours.)
    const ended = new Promise((resolve) => checkedOut.once('end', resolve));
    await cluster.halt();
    await ended;
    // Its next query learns it, as an error of its own.
    expect(databaseUnavailability(await failure(checkedOut.query('SELECT 1')))).toBe('down');
    checkedOut.release();
    const errors = {
      prismaRaw: await inFlight.prismaRaw,
      prismaTransaction: await inFlight.prismaTransaction,
      pool: await inFlight.pool,
      prismaWhileDown: await failure(db.setting.findUnique({ where: { id: 1 } })),
      prismaTransactionWhileDown: await failure(db.$transaction(async (tx) => tx.setting.count())),
      poolWhileDown: await failure(rows('SELECT 1')),
    };
    expect(errors.prismaRaw).toMatchObject({ code: 'P2010' });
    expect(errors.prismaTransaction).toMatchObject({ code: 'P2039' });
    expect(errors.pool).toMatchObject({ code: '57P01' });
    expect(errors.prismaWhileDown).toMatchObject({ code: 'P1001' });
    expect(errors.poolWhileDown).toMatchObject({ code: 'ECONNREFUSED' });
    for (const [where, error] of Object.entries(errors))
      expect([where, databaseUnavailability(error)]).toEqual([where, 'down']);
    await cluster.start();
    // Both reconnect on the next query, by themselves.
    expect(await db.setting.count()).toBe(1);
    expect(await rows('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('a smart shutdown waiting on a session: new connections get 57P03 (cannot_connect_now)', async () => {
    const held = await client(url);
    // Drop the idle connections the pools hold, so the next queries must connect anew.
    await held.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND datname = current_database()`,
    );
    pgCtl(['-m', 'smart', 'stop', '-W']);
    // Until the server has taken the signal (and the pools have dropped their terminated connections), other errors come first.
    const errors: Record<string, unknown> = {};
    const firstWith57P03 = (name: string, attempt: () => Promise<unknown>) =>
      waitFor(async () => {
        const error = await failure(attempt());
        errors[`${name}: ${(error as Error).message.split('\n').at(-1)}`] = error;
        return JSON.stringify(error).includes('"57P03"') && error;
      });
    const prisma = await firstWith57P03('prisma', () => db.setting.findUnique({ where: { id: 1 } }));
    const pooled = await firstWith57P03('pool', () => rows('SELECT 1'));
    expect(prisma).toMatchObject({ code: 'P2039', meta: { driverAdapterError: { cause: { code: '57P03' } } } });
    expect(pooled).toMatchObject({ code: '57P03' });
    for (const [where, error] of Object.entries(errors))
      expect([where, databaseUnavailability(error)]).toEqual([where, 'down']);
    await held.end();
    await waitFor(() => !isRunning(), { message: 'the smart shutdown to finish' });
    await cluster.start();
  });

  it('a server process that crashes: the connections under it end ("Connection terminated unexpectedly"), then whatever recovery answers', async () => {
    const victim = await client(url);
    const pid = (await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    const inFlight = {
      prisma: failure(db.$queryRawUnsafe('SELECT pg_sleep(30)')),
      pool: failure(rows('SELECT pg_sleep(30)')),
    };
    await waitFor(async () => {
      const sleeping = await victim.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%'`,
      );
      return (sleeping.rows[0] as { n: number }).n === 2;
    });
    execFileSync('kill', ['-KILL', String(pid)]);
    const errors: Record<string, unknown> = { prisma: await inFlight.prisma, pool: await inFlight.pool };
    expect(errors.prisma).toMatchObject({ message: 'Connection terminated unexpectedly' });
    expect(errors.pool).toMatchObject({ message: 'Connection terminated unexpectedly' });
    // Whatever new connections meet until the server has recovered (57P03 "in recovery mode", or refused).
    await waitFor(async () => {
      const error = await rows('SELECT 1').then(
        () => undefined,
        (e: unknown) => e,
      );
      if (error) errors[`during recovery: ${(error as Error).message}`] = error;
      return !error;
    });
    for (const [where, error] of Object.entries(errors))
      expect([where, databaseUnavailability(error)]).toEqual([where, 'down']);
  });

  it('a server that accepts and never answers, and one that resets: a connection timeout, ECONNRESET (Prisma P1017)', async () => {
    const silent = await listen(() => {});
    const resetting = await listen((socket) => socket.resetAndDestroy());
    try {
      const quickly = (port: number) => new pg.Pool({ connectionString: urlOn(port), connectionTimeoutMillis: 300 });
      const hung = quickly(silent.port);
      const reset = quickly(resetting.port);
      const errors: Record<string, unknown> = {
        hung: await failure(hung.query('SELECT 1')),
        reset: await failure(reset.query('SELECT 1')),
      };
      await Promise.all([hung.end(), reset.end()]);
      await connectDatabase(urlOn(resetting.port));
      errors.prismaReset = await failure(db.setting.count());
      expect(errors.hung).toMatchObject({ message: 'Connection terminated due to connection timeout' });
      expect(errors.reset).toMatchObject({ code: 'ECONNRESET' });
      expect(errors.prismaReset).toMatchObject({ code: 'P1017' });
      for (const [where, error] of Object.entries(errors))
        expect([where, databaseUnavailability(error)]).toEqual([where, 'down']);
    } finally {
      silent.close();
      resetting.close();
      await connectDatabase(url);
    }
  });

  it('a pool with no free connection in time', async () => {
    const small = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 200 });
    const held = await small.connect();
    try {
      const error = await failure(small.query('SELECT 1'));
      expect(error).toMatchObject({ message: 'timeout exceeded when trying to connect' });
      expect(databaseUnavailability(error)).toBe('down');
    } finally {
      held.release();
      await small.end();
    }
  });

  it('not for errors of the query itself, which stay 500s or 4xx', async () => {
    const errors = {
      prismaSyntax: await failure(db.$queryRawUnsafe('SELEC 1')),
      poolSyntax: await failure(rows('SELEC 1')),
      prismaUnique: await failure(db.setting.create({ data: { id: 1 } })),
      poolMissingTable: await failure(rows('SELECT * FROM "NoSuchTable"')),
    };
    for (const [where, error] of Object.entries(errors))
      expect([where, databaseUnavailability(error)]).toEqual([where, undefined]);
  });

  function pgCtl(args: string[]): void {
    const bin = `${postgresBinDir()}/pg_ctl`;
    const command = ['-D', `${cluster.dir}/data`, ...args];
    if (process.getuid?.() === 0) execFileSync('runuser', ['-u', 'postgres', '--', bin, ...command]);
    else execFileSync(bin, command);
  }

  function isRunning(): boolean {
    try {
      pgCtl(['status']);
      return true;
    } catch {
      return false;
    }
  }

  function urlOn(port: number): string {
    return `postgresql://postgres@127.0.0.1:${port}/folio_unavailable`;
  }
});

/** A TCP server on a free loopback port that does `onConnection` with each connection; `close` ends them all. */
async function listen(onConnection: (socket: net.Socket) => void): Promise<{ port: number; close(): void }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    onConnection(socket);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as net.AddressInfo).port,
    close() {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}
