/** Prisma's driver adapter for PostgreSQL (`@prisma/adapter-pg` on node-postgres). */
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

/**
 * A connection dropped while idle (a restart, a failover) is reported on the
 * pool; with no listener node-postgres would throw it and end the process.
 * The pool replaces the connection on the next query, so it is only noted.
 */
export function postgresAdapterFactory(
  connectionString: string,
  onConnectionLost: (error: Error) => void = () => {},
): SqlMigrationAwareDriverAdapterFactory {
  return new PrismaPg(
    { connectionString, max: poolSize, connectionTimeoutMillis: connectTimeoutMs },
    { onPoolError: onConnectionLost, onConnectionError: onConnectionLost },
  );
}

/** Connections per process: a worker serves one request at a time, and a few writes run beside the reads. */
export const poolSize = 4;
/** How long a request waits for a connection to a database that is down before it fails (and gets a 503). */
export const connectTimeoutMs = 5000;
