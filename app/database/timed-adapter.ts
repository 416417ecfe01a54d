/**
 * Prisma's driver adapter with every statement timed, for the metrics: the
 * cheapest sound hook there is. It sees each query the ORM sends, inside
 * transactions too, and only the driver's time (not the client's own work),
 * at the cost of two clock readings; Prisma's query events would also format
 * every statement's text and parameters.
 */
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQueryable,
} from '@prisma/driver-adapter-utils';

/** `onQueryTime` gets each statement's time in milliseconds. */
export function timedAdapterFactory(
  factory: SqlMigrationAwareDriverAdapterFactory,
  onQueryTime: (ms: number) => void,
): SqlMigrationAwareDriverAdapterFactory {
  const connected = async (connect: Promise<SqlDriverAdapter>) => {
    const adapter = timeQueries(await connect, onQueryTime);
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) =>
      timeQueries(await startTransaction(isolationLevel), onQueryTime);
    return adapter;
  };
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => connected(factory.connect()),
    connectToShadowDb: () => connected(factory.connectToShadowDb()),
  };
}

/** Replaces the queryable's two methods on the instance itself, so everything else it has stays as it was. */
function timeQueries<Q extends SqlQueryable>(queryable: Q, onQueryTime: (ms: number) => void): Q {
  queryable.queryRaw = timed(queryable.queryRaw.bind(queryable), onQueryTime);
  queryable.executeRaw = timed(queryable.executeRaw.bind(queryable), onQueryTime);
  return queryable;
}

function timed<A, R>(send: (query: A) => Promise<R>, onQueryTime: (ms: number) => void): (query: A) => Promise<R> {
  return async (query) => {
    const started = performance.now();
    try {
      return await send(query);
    } finally {
      onQueryTime(performance.now() - started);
    }
  };
}
