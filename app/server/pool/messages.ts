/**
 * The IPC protocol between the supervisor and its workers. Plain JSON
 * objects with a `type`; anything else on the channel is ignored.
 */

/** Counters a worker reports when asked. */
export interface WorkerStats {
  readonly requestsServed: number;
  readonly activeRequests: number;
  readonly rssBytes: number;
  /** Since the worker started: requests answered 4xx and 5xx. */
  readonly clientErrors: number;
  readonly serverErrors: number;
  /** Since the worker started: requests per latency bucket (app/monitor/sample.ts LATENCY_BOUNDS_MS, then the overflow). */
  readonly latency: readonly number[];
}

export type WorkerMessage =
  /** Listening on its address, app built: it may take traffic. */
  | { type: 'ready' }
  | ({ type: 'stats' } & WorkerStats)
  /** Sent just before a worker exits because it could not boot or listen. */
  | { type: 'failed'; message: string };

export type SupervisorMessage =
  /** Stop accepting, finish in-flight requests (at most `timeoutMs`), then exit 0. */
  | { type: 'drain'; timeoutMs: number }
  /** Answer with a `stats` message. */
  | { type: 'report' };

export function isWorkerMessage(value: unknown): value is WorkerMessage {
  return hasType(value, ['ready', 'stats', 'failed']);
}

export function isSupervisorMessage(value: unknown): value is SupervisorMessage {
  return hasType(value, ['drain', 'report']);
}

function hasType(value: unknown, types: readonly string[]): boolean {
  return typeof value === 'object' && value !== null && types.includes((value as { type?: unknown }).type as string);
}
