/**
 * The IPC protocol between the supervisor and its workers. Plain JSON
 * objects with a `type`; anything else on the channel is ignored. A question
 * carries an `id` its answer repeats (app/server/pool/questions.ts).
 */
import type { DrainedTally } from '#app/monitor/metrics/tally.ts';

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
  | { type: 'failed'; message: string }
  /** Answers collect-metrics: the worker's registry as prom-client's getMetricsAsJSON(). */
  | { type: 'metrics'; id: number; metrics: object[] }
  /** Answers take-tally: the monitor loop's counters (app/monitor/metrics/tally.ts). */
  | { type: 'tally'; id: number; tally: DrainedTally }
  /** Asks for the whole pool's metrics text, to answer GET /metrics. */
  | { type: 'pool-metrics'; id: number };

/** The answers to the supervisor's questions. */
export type WorkerAnswer = Extract<WorkerMessage, { type: 'metrics' | 'tally' }>;

export type SupervisorMessage =
  /** Stop accepting, finish in-flight requests (at most `timeoutMs`), then exit 0. */
  | { type: 'drain'; timeoutMs: number }
  /** Answer with a `stats` message. */
  | { type: 'report' }
  | { type: 'collect-metrics'; id: number }
  /** Answer with the tally, and start the reads and referrers afresh. */
  | { type: 'take-tally'; id: number }
  /** The answer to pool-metrics; null when the supervisor could not make it. */
  | { type: 'pool-metrics-text'; id: number; text: string | null };

export function isWorkerMessage(value: unknown): value is WorkerMessage {
  return hasType(value, ['ready', 'stats', 'failed', 'metrics', 'tally', 'pool-metrics']);
}

export function isSupervisorMessage(value: unknown): value is SupervisorMessage {
  return hasType(value, ['drain', 'report', 'collect-metrics', 'take-tally', 'pool-metrics-text']);
}

function hasType(value: unknown, types: readonly string[]): boolean {
  return typeof value === 'object' && value !== null && types.includes((value as { type?: unknown }).type as string);
}
