/**
 * Reader queries on a streaming replica, when that cannot show a reader (or
 * the page cache) something older than what the blog has already said:
 *
 *  - only code that read-routing.ts allows (an anonymous reader's GET);
 *  - only once the replica has replayed past every primary position this
 *    process noted: its own writes (`noteWrite`, before their pages expire)
 *    and other hosts' (`notePrimaryPosition`). A page rendered from a replica
 *    that had not replayed a change could otherwise be cached as fresh after
 *    that change's sweep, and stay stale until the next one;
 *  - only while the replica streams from the primary, replays what it
 *    receives within `lagLimitMs`, and answers. Otherwise the primary serves,
 *    at once, and the change is reported once (`onChange`), not per query.
 *
 * The replica's replay position is read at most every `pollEveryMs` while
 * readers come (never by a timer), so an idle process asks nothing. A position
 * read earlier can only be behind the replica's real one, so deciding on it
 * errs towards the primary, never towards a stale page.
 */
import type pg from 'pg';
import type { ReplicaPositions } from '#app/database/boundary.ts';
import { replicaAllowed } from '#app/database/read-routing.ts';
import type { Rows, SqlValue } from '#app/database/postgresql/pool.ts';

/** How far behind the primary a replica may be and still serve readers. */
export const lagLimitMs = 5000;
/** How often the replica's position is read while readers use it, and while it is down. */
const pollEveryMs = 100;
const pollWhileDownMs = 1000;

export interface ReplicaRouter extends ReplicaPositions {
  /** Runs a reader query on the replica when allowed and safe, else on the primary. */
  rows: Rows;
}

export interface ReplicaServers {
  primary: pg.Pool;
  primaryRows: Rows;
  replica: pg.Pool;
  replicaRows: Rows;
  /** Where the replica is, for messages: its URL without the password. */
  replicaName: string;
  onChange?: (change: { usable: boolean; reason: string }) => void;
}

export function replicaRouter(servers: ReplicaServers): ReplicaRouter {
  const { primary, primaryRows, replica, replicaRows, replicaName } = servers;
  let replayed = -1n;
  let usable: boolean | undefined;
  let checkedAt = Number.NEGATIVE_INFINITY;
  let polling: Promise<void> | undefined;
  /** The furthest primary position readers must see. */
  let required = 0n;
  /** Writes whose position is being read: until it is noted, readers use the primary. */
  let writesInFlight = 0;
  let primaryOnlyUntil = 0;

  /** WAL the replica had received but not replayed when first seen, and when: how long replay takes. */
  let backlog: { position: bigint; seenAt: number } | undefined;

  /**
   * Lag measured on the replica's own positions, without comparing clocks or
   * commit times (an idle primary, or a restarted replica whose receive
   * position starts over, would look hours behind): the time since it was
   * seen holding WAL it has still not replayed.
   */
  const replayLag = (received: bigint | undefined): number => {
    if (backlog && replayed >= backlog.position) backlog = undefined;
    if (!backlog && received !== undefined && received > replayed)
      backlog = { position: received, seenAt: performance.now() };
    return backlog ? performance.now() - backlog.seenAt : 0;
  };

  const report = (next: boolean, reason: string) => {
    if (next !== usable) servers.onChange?.({ usable: next, reason });
    usable = next;
  };

  const poll = async () => {
    try {
      const { rows } = await replica.query<ReplicaStatus>(statusSql);
      const status = rows[0]!;
      if (status.replayed) replayed = walPosition(status.replayed);
      const lagMs = replayLag(status.received ? walPosition(status.received) : undefined);
      const problem = !status.standby
        ? `${replicaName} is not a standby (promoted?); readers use the primary`
        : !status.receiving
          ? `${replicaName} is not streaming from the primary; readers use the primary`
          : lagMs > lagLimitMs
            ? `${replicaName} has not replayed what it received ${Math.round(lagMs)} ms ago; readers use the primary until it catches up`
            : undefined;
      report(problem === undefined, problem ?? `readers use the replica at ${replicaName}`);
    } catch (error) {
      report(false, `${replicaName} does not answer (${(error as Error).message}); readers use the primary`);
    } finally {
      checkedAt = performance.now();
      polling = undefined;
    }
  };

  const pollWhenDue = () => {
    const every = usable === false ? pollWhileDownMs : pollEveryMs;
    if (!polling && performance.now() - checkedAt >= every) polling = poll();
  };

  const replicaMayServe = (): boolean => {
    if (!replicaAllowed()) return false;
    pollWhenDue();
    return usable === true && writesInFlight === 0 && Date.now() >= primaryOnlyUntil && replayed >= required;
  };

  const primaryPosition = async (): Promise<string> => {
    const { rows } = await primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
    return rows[0]!.lsn;
  };

  const notePrimaryPosition = (lsn: string) => {
    const position = walPosition(lsn);
    if (position > required) required = position;
  };

  return {
    async rows<T>(sql: string, ...params: SqlValue[]): Promise<T[]> {
      if (!replicaMayServe()) return primaryRows<T>(sql, ...params);
      try {
        return await replicaRows<T>(sql, ...params);
      } catch (replicaError) {
        // A bad query fails on the primary too, and that error is the one thrown; if the primary
        // answers, the replica was at fault (down, cancelled by a recovery conflict): leave it until it is seen well.
        const rows = await primaryRows<T>(sql, ...params);
        report(false, `${replicaName} failed a query (${(replicaError as Error).message}); readers use the primary`);
        return rows;
      }
    },
    primaryPosition,
    notePrimaryPosition,
    async noteWrite() {
      writesInFlight += 1;
      try {
        notePrimaryPosition(await primaryPosition());
      } catch {
        // The position is unknown: give the replica the lag limit to replay whatever it was.
        primaryOnlyUntil = Date.now() + lagLimitMs;
      } finally {
        writesInFlight -= 1;
      }
    },
  };
}

interface ReplicaStatus {
  replayed: string | null;
  received: string | null;
  standby: boolean;
  receiving: boolean;
}

/** On the replica. `receiving`: its WAL receiver runs (the view shows that row to any role). */
const statusSql = `
  SELECT pg_last_wal_replay_lsn()::text AS replayed,
         pg_last_wal_receive_lsn()::text AS received,
         pg_is_in_recovery() AS standby,
         EXISTS (SELECT 1 FROM pg_stat_wal_receiver) AS receiving`;

/** "16/B374D848" → a number that orders like the position. */
export function walPosition(lsn: string): bigint {
  const match = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(lsn);
  if (!match) throw new Error(`not a WAL position: "${lsn}"`);
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}
