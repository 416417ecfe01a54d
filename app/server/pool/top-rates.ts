/**
 * What `workers top` works out from successive reads of the state file:
 * each worker's rates over its last stats interval. The state file holds
 * cumulative counters (requests, 4xx, 5xx and latency buckets since the
 * worker started) and when the worker reported them (statsAt). A rate is
 * the difference between a worker's last two reports over the time between
 * them, so it is right however often, or seldom, the file is read: reading
 * it twice between two reports changes nothing.
 */
import { addLatency, latencyQuantile } from '#app/monitor/sample.ts';
import type { StateFile } from '#app/server/pool/state-file.ts';

/** One stats report of one worker: its cumulative counters at `at`. */
export interface StatsReport {
  readonly at: number;
  readonly requestsServed: number;
  readonly clientErrors: number;
  readonly serverErrors: number;
  readonly latency: readonly number[];
}

/** Per worker pid, its latest report and the distinct one before it. */
export type StatsHistory = ReadonlyMap<number, { readonly previous?: StatsReport; readonly latest: StatsReport }>;

/** Over one interval (a worker's, or the pool's summed): rates per second, and requests per latency bucket. */
export interface Rates {
  readonly seconds: number;
  readonly requestsPerSecond: number;
  readonly clientErrorsPerSecond: number;
  readonly serverErrorsPerSecond: number;
  readonly latency: readonly number[];
}

export const emptyHistory: StatsHistory = new Map();

/**
 * The history after one more read: a worker whose statsAt moved gets a new
 * latest report; workers gone from the file (exited, replaced: a new pid)
 * are forgotten, so a replacement starts from nothing rather than from its
 * predecessor's counters.
 */
export function recordReports(history: StatsHistory, state: StateFile): StatsHistory {
  const next = new Map<number, { previous?: StatsReport; latest: StatsReport }>();
  for (const row of state.workers) {
    if (row.pid === null || row.statsAt === null || row.requestsServed === null) continue;
    const report: StatsReport = {
      at: row.statsAt,
      requestsServed: row.requestsServed,
      clientErrors: row.clientErrors ?? 0,
      serverErrors: row.serverErrors ?? 0,
      latency: row.latency ?? [],
    };
    const known = history.get(row.pid);
    if (!known || report.at < known.latest.at) next.set(row.pid, { latest: report });
    else if (report.at === known.latest.at) next.set(row.pid, known);
    else next.set(row.pid, { previous: known.latest, latest: report });
  }
  return next;
}

/** A worker's rates between its last two reports; undefined until it has two. */
export function workerRates(history: StatsHistory, pid: number | null): Rates | undefined {
  const entry = pid === null ? undefined : history.get(pid);
  if (!entry?.previous) return undefined;
  const { previous, latest } = entry;
  const seconds = (latest.at - previous.at) / 1000;
  const perSecond = (key: 'requestsServed' | 'clientErrors' | 'serverErrors') =>
    Math.max(0, latest[key] - previous[key]) / seconds;
  return {
    seconds,
    requestsPerSecond: perSecond('requestsServed'),
    clientErrorsPerSecond: perSecond('clientErrors'),
    serverErrorsPerSecond: perSecond('serverErrors'),
    latency: addLatency(latest.latency, []).map((count, i) => Math.max(0, count - (previous.latency[i] ?? 0))),
  };
}

/** The pool's: the workers' rates added up, and their latency buckets merged (their intervals nearly coincide). */
export function poolRates(rates: readonly Rates[]): Rates | undefined {
  if (rates.length === 0) return undefined;
  return rates.reduce((sum, r) => ({
    seconds: Math.max(sum.seconds, r.seconds),
    requestsPerSecond: sum.requestsPerSecond + r.requestsPerSecond,
    clientErrorsPerSecond: sum.clientErrorsPerSecond + r.clientErrorsPerSecond,
    serverErrorsPerSecond: sum.serverErrorsPerSecond + r.serverErrorsPerSecond,
    latency: addLatency(sum.latency, r.latency),
  }));
}

/** p50, p95 and p99 in ms over the interval; null where no request finished in it. */
export function percentiles(rates: Rates): { p50: number | null; p95: number | null; p99: number | null } {
  return {
    p50: latencyQuantile(rates.latency, 0.5),
    p95: latencyQuantile(rates.latency, 0.95),
    p99: latencyQuantile(rates.latency, 0.99),
  };
}
