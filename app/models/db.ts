/**
 * The blog's database, as models see it: `db`, the single Prisma client
 * (nothing else imports the generated client's runtime), and `database()`,
 * the boundary behind which every hand-written statement lives
 * (app/database/). Both are chosen by DATABASE_URL: SQLite or PostgreSQL.
 */
import { PrismaClient } from '#prisma/generated/client/client.ts';
import type { PrismaClient as Client } from '#prisma/generated/client/client.ts';
import { databaseKind, openBlogDatabase, type BlogDatabase, type DatabaseOptions } from '#app/database/index.ts';
import { timedAdapterFactory } from '#app/database/timed-adapter.ts';

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
  Redirect,
} from '#prisma/generated/client/client.ts';

/** Live binding: importers see the client once `connectDatabase` has run. */
export let db: Client;
let blogDatabase: BlogDatabase | undefined;

export interface ConnectOptions extends DatabaseOptions {
  /** Sees the wall time of every ORM call, the client's own work included (benchmarks). */
  onOperation?: (durationMs: number) => void;
  /** Sees the time of every statement, the ORM's and the hand-written ones (the metrics). */
  onQueryTime?: (durationMs: number) => void;
}

/** The hand-written queries (app/database/boundary.ts) of the connected database. */
export function database(): BlogDatabase {
  if (!blogDatabase) throw new Error('the database was used before connectDatabase');
  return blogDatabase;
}

/**
 * A Prisma filter for text that contains `text`, ignoring case as a person
 * searching expects: SQLite's LIKE ignores ASCII case already, PostgreSQL
 * needs ILIKE (`mode: 'insensitive'`, which the SQLite client does not know).
 */
export function containsIgnoringCase(text: string): { contains: string } {
  return database().kind === 'postgresql'
    ? ({ contains: text, mode: 'insensitive' } as { contains: string })
    : { contains: text };
}

/** The boundary, or undefined before `connectDatabase` (for work that may run without a database, in tests). */
export function connectedDatabase(): BlogDatabase | undefined {
  return blogDatabase;
}

export async function connectDatabase(databaseUrl: string, options: ConnectOptions = {}): Promise<Client> {
  await blogDatabase?.close();
  const { onQueryTime } = options;
  blogDatabase = await openBlogDatabase(databaseUrl, onQueryTime ? alsoTimed(options, onQueryTime) : options);
  const Prisma = await clientClass(databaseUrl);
  const adapter = onQueryTime
    ? timedAdapterFactory(blogDatabase.adapterFactory(), onQueryTime)
    : blogDatabase.adapterFactory();
  const onQuery = options.onQuery;
  const client = onQuery ? new Prisma({ adapter, log: [{ emit: 'event', level: 'query' }] }) : new Prisma({ adapter });
  if (onQuery)
    (client as unknown as QueryEvents).$on('query', (e) => onQuery({ sql: e.query, durationMs: Number(e.duration) }));
  db = options.onOperation ? timed(client, options.onOperation) : client;
  return db;
}

/**
 * The generated client of the URL's provider: the two are generated from one
 * schema (prisma/generate-client.mjs), so they share one type.
 */
async function clientClass(databaseUrl: string): Promise<typeof PrismaClient> {
  if (databaseKind(databaseUrl) === 'sqlite') return PrismaClient;
  const generated = await import('#prisma/generated/postgresql/client.ts');
  return generated.PrismaClient as unknown as typeof PrismaClient;
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

/** The boundary's queries: its onQuery hook, which the benchmarks may use too. */
function alsoTimed(options: DatabaseOptions, onQueryTime: (durationMs: number) => void): DatabaseOptions {
  const { onQuery } = options;
  return {
    ...options,
    onQuery: (query) => {
      onQueryTime(query.durationMs);
      onQuery?.(query);
    },
  };
}

type QueryEvents = { $on(event: 'query', listener: (e: { query: string; duration: number | bigint }) => void): void };

export async function disconnectDatabase(): Promise<void> {
  await blogDatabase?.close();
  blogDatabase = undefined;
  await db?.$disconnect();
}
