/**
 * The single Prisma client. Nothing else imports the generated client's
 * runtime; models import `db` from here.
 */
import { PrismaClient } from '#prisma/generated/client/client.ts';
import type { PrismaClient as Client } from '#prisma/generated/client/client.ts';
import { createAdapterFactory } from '#app/models/adapter.ts';
import { openDirectReader, promised, type DirectReader, type SqlValue } from '#app/models/sqlite.ts';

export type {
  PrismaClient,
  Prisma,
  User,
  Article,
  Tag,
  Tagging,
  Section,
  Page,
  Comment,
  Setting,
  Asset,
  Revision,
} from '#prisma/generated/client/client.ts';

/** Live binding: importers see the client once `connectDatabase` has run. */
export let db: Client;
let reader: DirectReader | undefined;
let onReaderQuery: DatabaseOptions['onQuery'];

export interface DatabaseOptions {
  /** Sees every query with its duration (benchmarks count round trips per page). */
  onQuery?: (query: { sql: string; durationMs: number }) => void;
  /** Sees the wall time of every ORM call, the client's own work included (benchmarks). */
  onOperation?: (durationMs: number) => void;
}

export function connectDatabase(databaseUrl: string, options: DatabaseOptions = {}): Promise<Client> {
  return promised(() => connect(databaseUrl, options));
}

/**
 * Runs one read-only SQL statement on the direct connection, for the
 * readers' hot queries only (article/reading.ts, search, the page cache's
 * loaders): everything else, and every write, goes through `db`. Counted
 * like Prisma's queries.
 */
export function queryRows<T>(sql: string, ...params: SqlValue[]): Promise<T[]> {
  return promised(() => readRows<T>(sql, ...params));
}

/** `queryRows`, answered at once: for work that must not yield (the page cache's baseline, in its index transaction). */
export function readRows<T>(sql: string, ...params: SqlValue[]): T[] {
  if (!reader) throw new Error('readRows before connectDatabase');
  if (!onReaderQuery) return reader.all<T>(sql, params);
  const started = performance.now();
  try {
    return reader.all<T>(sql, params);
  } finally {
    onReaderQuery({ sql, durationMs: performance.now() - started });
  }
}

function connect(databaseUrl: string, options: DatabaseOptions): Client {
  const onQuery = options.onQuery;
  const client = onQuery
    ? new PrismaClient({ adapter: createAdapterFactory(databaseUrl), log: [{ emit: 'event', level: 'query' }] })
    : new PrismaClient({ adapter: createAdapterFactory(databaseUrl) });
  if (onQuery)
    (client as unknown as QueryEvents).$on('query', (e) => onQuery({ sql: e.query, durationMs: Number(e.duration) }));
  reader?.close();
  reader = openDirectReader(databaseUrl);
  onReaderQuery = onQuery;
  db = options.onOperation ? timed(client, options.onOperation) : client;
  return db;
}

function timed(client: Client, onOperation: (durationMs: number) => void): Client {
  return client.$extends({
    query: {
      async $allOperations({ args, query }) {
        const started = performance.now();
        try {
          return (await query(args)) as unknown;
        } finally {
          onOperation(performance.now() - started);
        }
      },
    },
  }) as unknown as Client;
}

type QueryEvents = { $on(event: 'query', listener: (e: { query: string; duration: number | bigint }) => void): void };

export async function disconnectDatabase(): Promise<void> {
  reader?.close();
  reader = undefined;
  await db?.$disconnect();
}
