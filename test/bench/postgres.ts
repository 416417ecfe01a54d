/**
 * The bench's PostgreSQL: one throwaway cluster for the whole run
 * (test/support/postgres.ts), started on first use and stopped at cleanup,
 * with a fresh database per data size.
 */
import { createDatabase, dropDatabase, startPostgresCluster, type PostgresCluster } from '#test/support/postgres.ts';
import { onCleanup } from '#test/bench/cleanup.ts';

let cluster: Promise<PostgresCluster> | undefined;

export function benchCluster(): Promise<PostgresCluster> {
  cluster ??= startPostgresCluster().then((started) => {
    // Registered before anything that uses it, so stopped after all of them (cleanup runs newest first).
    onCleanup(`postgresql cluster on port ${started.port}`, () => started.stop());
    return started;
  });
  return cluster;
}

/** An empty database named `name` on the bench's cluster (dropped first if a run left one); its URL. */
export async function freshDatabase(name: string): Promise<string> {
  const started = await benchCluster();
  await dropDatabase(started, name);
  return createDatabase(started, name);
}
