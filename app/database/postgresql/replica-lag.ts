/**
 * How far a streaming replica is behind its primary, for the replica-lag
 * alert: asked of the replica itself, on a connection of its own that ends
 * with the answer (one query every alert check; the readers' router in
 * replica.ts keeps its own, finer, watch).
 *
 * Lag is the age of the last transaction replayed, but only while WAL is
 * waiting to be replayed: a replica that has replayed all it received is
 * not behind, however long ago the primary last wrote.
 */
import pg from 'pg';
import { connectTimeoutMs } from '#app/database/postgresql/adapter.ts';
import { redactUrl } from '#app/database/url.ts';

export type ReplicaLag = { lagSeconds: number } | { problem: string };

export async function measureReplicaLag(replicaUrl: string): Promise<ReplicaLag> {
  const name = redactUrl(replicaUrl);
  const client = new pg.Client({
    connectionString: replicaUrl,
    connectionTimeoutMillis: connectTimeoutMs,
    query_timeout: 10_000,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    const { rows } = await client.query<{ standby: boolean; receiving: boolean; lag: number | string | null }>(lagSql);
    const status = rows[0]!;
    if (!status.standby) return { problem: `${name} is not a standby (promoted?)` };
    if (!status.receiving) return { problem: `${name} is not streaming from the primary` };
    return { lagSeconds: Number(status.lag ?? 0) };
  } catch (error) {
    return { problem: `${name} does not answer (${(error as Error).message})` };
  } finally {
    await client.end().catch(() => undefined);
  }
}

const lagSql = `
  SELECT pg_is_in_recovery() AS standby,
         EXISTS (SELECT 1 FROM pg_stat_wal_receiver) AS receiving,
         CASE WHEN pg_last_wal_receive_lsn() IS NULL OR pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn() THEN 0
              ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)::float8 END AS lag`;
