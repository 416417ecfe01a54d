/**
 * The change feed on PostgreSQL (boundary.ts's ChangeFeed): a row in
 * "Change" per write, and LISTEN/NOTIFY to wake every host at once. The
 * table is the truth and the notification only a nudge: a subscriber reads
 * the rows after its own position, so one that was disconnected replays
 * what it missed, and a lost notification costs at most one poll interval.
 */
import pg from 'pg';
import type {
  ChangeFeed,
  FeedEntry,
  FeedRecordChange,
  FeedSubscriber,
  FeedSubscription,
} from '#app/database/change-feed.ts';
import { connectTimeoutMs } from '#app/database/postgresql/adapter.ts';
import type { Rows } from '#app/database/postgresql/pool.ts';

export const feedChannel = 'folio_changes';
/** How the listening connections show in pg_stat_activity. */
export const feedApplicationName = 'folio change feed';

export const feedSettings = {
  /** Changes older than this are pruned; a host away longer rebuilds instead of replaying. */
  keepMs: 24 * 60 * 60_000,
  /** How often a process prunes (after a publish). */
  pruneEveryMs: 60 * 60_000,
  /** A subscriber reads the feed this often even without a notification, and checks its connection. */
  pollMs: 10_000,
  /** A lost listening connection is retried after this long, doubling up to `maxRetryMs`. */
  firstRetryMs: 100,
  maxRetryMs: 5_000,
  /** Rows read per statement while replaying. */
  batch: 500,
} as const;

/**
 * Publishers take this transaction-scoped advisory lock before their row
 * gets its id, and hold it until their commit: so ids commit in id order,
 * and "the rows after my position" never skips a row that commits late
 * with a smaller id (which a plain SERIAL allows under concurrent inserts).
 */
const publishLock = 4_611_200_713;

export interface PostgresChangeFeed extends ChangeFeed {
  /** Ends every subscription (the database is closing). */
  close(): Promise<void>;
}

export function postgresChangeFeed(connectionString: string, rows: Rows): PostgresChangeFeed {
  const subscriptions = new Set<Subscription>();
  let lastPrune = 0;
  let closed = false;

  const prune = async () => {
    lastPrune = Date.now();
    // The newest row is kept: it tells a returning subscriber how far the feed has gone.
    await rows(
      `DELETE FROM "Change" WHERE "createdAt" < (now() AT TIME ZONE 'UTC') - make_interval(secs => ?)
         AND "id" < (SELECT max("id") FROM "Change")`,
      feedSettings.keepMs / 1000,
    );
  };

  return {
    shared: true,
    async publish(change: FeedRecordChange, origins: readonly string[]): Promise<void> {
      // One statement, one implicit transaction: the lock, the row, and the notification sent at its commit.
      await rows(
        `WITH "locked" AS (SELECT pg_advisory_xact_lock(${publishLock})),
              "added" AS (
                INSERT INTO "Change" ("payload", "createdAt")
                SELECT ?, now() AT TIME ZONE 'UTC' FROM "locked" RETURNING "id")
         SELECT pg_notify('${feedChannel}', "id"::text) FROM "added"`,
        JSON.stringify({ change, origins }),
      );
      // Pruning is housekeeping: a failure is retried at the next publish after the interval.
      if (Date.now() - lastPrune > feedSettings.pruneEveryMs) void prune().catch(() => undefined);
    },
    newest: () => newest(rows),
    subscribe(subscriber: FeedSubscriber): FeedSubscription {
      // The database closed (a process shutting down): nothing will be followed, nor caught up with.
      if (closed) return { caughtUp: new Promise(() => {}), close: async () => {} };
      const subscription = new Subscription(connectionString, rows, subscriber, () =>
        subscriptions.delete(subscription),
      );
      subscriptions.add(subscription);
      return subscription;
    },
    async close(): Promise<void> {
      closed = true;
      await Promise.all([...subscriptions].map((s) => s.close()));
    },
  };
}

async function newest(rows: Rows): Promise<number> {
  const [row] = await rows<{ newest: number }>(`SELECT coalesce(max("id"), 0) AS "newest" FROM "Change"`);
  return row?.newest ?? 0;
}

/**
 * One subscriber's listening connection (a pg.Client of its own: LISTEN
 * holds a session, which a pool would hand to others) and its reads, which
 * go through the pool. Every (re)connection is followed by a read, so what
 * happened while it was down is replayed.
 */
class Subscription implements FeedSubscription {
  readonly caughtUp: Promise<void>;
  #markCaughtUp: () => void = () => {};
  #client: pg.Client | undefined;
  #closed = false;
  #reading: Promise<void> | undefined;
  #readAgain = false;
  #retryMs: number = feedSettings.firstRetryMs;
  #retryTimer: NodeJS.Timeout | undefined;
  readonly #pollTimer: NodeJS.Timeout;

  constructor(
    private readonly connectionString: string,
    private readonly rows: Rows,
    private readonly subscriber: FeedSubscriber,
    private readonly closed: () => void,
  ) {
    this.caughtUp = new Promise((resolve) => (this.#markCaughtUp = resolve));
    this.#pollTimer = setInterval(() => this.#poll(), feedSettings.pollMs);
    this.#pollTimer.unref();
    void this.#connect();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#pollTimer);
    clearTimeout(this.#retryTimer);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
    await this.#reading;
    this.closed();
  }

  async #connect(): Promise<void> {
    if (this.#closed) return;
    const client = new pg.Client({
      connectionString: this.connectionString,
      application_name: feedApplicationName,
      connectionTimeoutMillis: connectTimeoutMs,
      keepAlive: true,
      // The poll's liveness check must not wait forever on a connection that vanished without a word.
      query_timeout: connectTimeoutMs,
    });
    client.on('notification', () => this.#read());
    client.on('error', (error) => this.#lost(client, error));
    client.on('end', () => this.#lost(client, new Error('the change feed connection closed')));
    try {
      await client.connect();
      await client.query(`LISTEN ${feedChannel}`);
    } catch (error) {
      this.#lost(client, error as Error);
      return;
    }
    if (this.#closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.#client = client;
    this.#retryMs = feedSettings.firstRetryMs;
    // Listening first, then reading: a change committed in between is in the read or wakes another one.
    this.#read();
  }

  /** A connection failed (once per connection): drop it and try again later, with backoff. */
  #lost(client: pg.Client, error: Error): void {
    if (lostClients.has(client)) return;
    lostClients.add(client);
    if (this.#client === client) this.#client = undefined;
    void client.end().catch(() => undefined);
    if (this.#closed) return;
    this.subscriber.failed?.(error);
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => void this.#connect(), this.#retryMs);
    // Following the feed never keeps a process alive on its own; its server does.
    this.#retryTimer.unref();
    this.#retryMs = Math.min(this.#retryMs * 2, feedSettings.maxRetryMs);
  }

  /** Reads even without a notification, and checks that the listening connection still answers. */
  #poll(): void {
    const client = this.#client;
    if (client) client.query('SELECT 1').catch((error: Error) => this.#lost(client, error));
    this.#read();
  }

  /** One read at a time; a wake-up during a read asks for one more after it. */
  #read(): void {
    if (this.#closed) return;
    if (this.#reading) {
      this.#readAgain = true;
      return;
    }
    this.#reading = (async () => {
      do {
        this.#readAgain = false;
        try {
          await this.#catchUp();
          this.#markCaughtUp();
        } catch (error) {
          // The database is unreachable, say: the next notification, poll or reconnection reads again.
          if (!this.#closed) this.subscriber.failed?.(error as Error);
          return;
        }
      } while (this.#readAgain && !this.#closed);
    })().finally(() => (this.#reading = undefined));
  }

  async #catchUp(): Promise<void> {
    let position = this.subscriber.position();
    const bounds = await this.#bounds();
    if (missed(position, bounds)) {
      await this.subscriber.restart();
      position = this.subscriber.position();
      if (position === undefined) throw new Error('the change feed subscriber took no position when restarting');
    }
    for (let after = position!; !this.#closed;) {
      const found = await this.rows<{ id: number; payload: string }>(
        `SELECT "id", "payload" FROM "Change" WHERE "id" > ? ORDER BY "id" LIMIT ?`,
        after,
        feedSettings.batch,
      );
      if (found.length === 0) return;
      await this.subscriber.apply(found.map(entry));
      after = found[found.length - 1]!.id;
    }
  }

  async #bounds(): Promise<{ oldest: number | null; newest: number | null }> {
    const [row] = await this.rows<{ oldest: number | null; newest: number | null }>(
      `SELECT min("id") AS "oldest", max("id") AS "newest" FROM "Change"`,
    );
    return row ?? { oldest: null, newest: null };
  }
}

const lostClients = new WeakSet<pg.Client>();

/**
 * Whether the rows after `position` may not all be there: no position, one
 * older than the oldest row kept (the rows between were pruned), or one
 * beyond the newest (the database went back, a restore). A gap left by a
 * publish that rolled back looks like pruning and costs a needless rebuild.
 */
function missed(
  position: number | undefined,
  { oldest, newest }: { oldest: number | null; newest: number | null },
): boolean {
  if (position === undefined) return true;
  if (position > (newest ?? 0)) return true;
  return oldest !== null && position < oldest - 1;
}

function entry(row: { id: number; payload: string }): FeedEntry {
  const { change, origins } = JSON.parse(row.payload) as { change: FeedRecordChange; origins?: string[] };
  return { id: row.id, change, origins: origins ?? [] };
}
