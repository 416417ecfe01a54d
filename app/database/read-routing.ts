/**
 * Whether the reads of the code running now may go to a streaming replica
 * (DATABASE_REPLICA_URL), decided once per request (app/middleware/replica-reads.ts)
 * and carried through its awaits by AsyncLocalStorage.
 *
 * The replica is opt-in: only code inside `readFromReplica` (an anonymous
 * reader's GET) may use it. Everything else reads the primary: the admin,
 * every write request, the page cache's sweeps and schedule, boot and the
 * commands. A context lost on the way (a library that drops it) so falls
 * back to the primary, never to a view that may lag a write.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const routing = new AsyncLocalStorage<{ replica: boolean }>();

/** Runs `fn` with its reads allowed on the replica (when it has caught up: postgresql/replica.ts). */
export function readFromReplica<T>(fn: () => T): T {
  return routing.run({ replica: true }, fn);
}

/** Runs `fn` with every read on the primary: someone who just wrote must see their write. */
export function readFromPrimary<T>(fn: () => T): T {
  return routing.run({ replica: false }, fn);
}

export function replicaAllowed(): boolean {
  return routing.getStore()?.replica === true;
}
