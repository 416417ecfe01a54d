/**
 * One frame of `workers top`: a line about the supervisor and how fresh
 * the figures are, one row per worker (rates and latency over its last
 * stats interval: top-rates.ts) and the pool's totals. Pure: the state file,
 * the history of reports and the time in, text out.
 */
import { describeState, duration } from '#app/server/pool/status-table.ts';
import { percentiles, poolRates, workerRates, type Rates, type StatsHistory } from '#app/server/pool/top-rates.ts';
import type { StateFile } from '#app/server/pool/state-file.ts';
import type { WorkerRow } from '#app/server/pool/worker-handle.ts';

const columns = [
  'WORKER',
  'PID',
  'STATE',
  'UPTIME',
  'REQ/S',
  'ACTIVE',
  '4XX/S',
  '5XX/S',
  'P50 MS',
  'P95 MS',
  'P99 MS',
  'RSS MB',
  'DEATHS',
] as const;
/** Right-aligned: everything from REQ/S on. */
const firstNumeric = columns.indexOf('REQ/S');

/** The supervisor's state file older than this is called out, as `status` does. */
const STALE_MS = 10_000;

export function formatTop(state: StateFile, history: StatsHistory, now: number): string {
  const live = state.workers.filter((w) => w.state !== 'dead');
  const rates = live.flatMap((w) => workerRates(history, w.pid) ?? []);
  const rows = [
    ...state.workers.map((worker) => workerCells(worker, workerRates(history, worker.pid), now)),
    poolCells(state, live, poolRates(rates), now),
  ];
  const widths = columns.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i >= firstNumeric ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const interval = Math.max(0, ...rates.map((r) => r.seconds));
  const lines = [
    `supervisor pid ${state.supervisorPid}, ${state.phase}, ${state.transport}, up ${duration(now - state.startedAt)}; ${freshness(state, now)}`,
    '',
    line(columns),
    ...rows.slice(0, -1).map(line),
    line(rows.at(-1)!),
    '',
    rates.length > 0
      ? `rates and latency over each worker's last stats interval (${interval.toFixed(1)} s); deaths: in the last minute`
      : 'rates and latency from the second stats report on; deaths: in the last minute',
  ];
  const crashLooping = state.workers.filter((w) => w.crashLoop);
  if (crashLooping.length > 0)
    lines.push(`CRASH LOOP: worker ${[...new Set(crashLooping.map((w) => w.name))].join(', ')}`);
  return lines.join('\n');
}

/** How old the newest report is: the supervisor asks the workers every few seconds, not at each frame. */
function freshness(state: StateFile, now: number): string {
  const reports = state.workers.flatMap((w) => (w.statsAt === null ? [] : [w.statsAt]));
  const stale = now - state.updatedAt > STALE_MS ? `; the state file is ${duration(now - state.updatedAt)} old` : '';
  if (reports.length === 0) return `no stats reported yet${stale}`;
  return `stats as of ${seconds(now - Math.max(...reports))} ago${stale}`;
}

function workerCells(worker: WorkerRow, rates: Rates | undefined, now: number): string[] {
  const dead = worker.state === 'dead';
  return [
    worker.name,
    worker.pid === null ? '-' : String(worker.pid),
    describeState(worker, now),
    dead ? '-' : duration(now - (worker.readyAt ?? worker.startedAt)),
    ...rateCells(dead ? undefined : rates, dead ? null : worker.activeRequests),
    dead || worker.rssBytes === null ? '-' : megabytes(worker.rssBytes),
    String(worker.recentDeaths),
  ];
}

function poolCells(state: StateFile, live: readonly WorkerRow[], rates: Rates | undefined, now: number): string[] {
  const ready = live.filter((w) => w.state === 'ready').length;
  const slots = new Set(state.workers.map((w) => w.slot)).size;
  const reported = live.filter((w) => w.activeRequests !== null);
  const rss = live.flatMap((w) => (w.rssBytes === null ? [] : [w.rssBytes]));
  // Rows of one slot (a draining worker beside its replacement) share the slot's death count.
  const deaths = new Map(state.workers.map((w) => [w.slot, w.recentDeaths]));
  return [
    'POOL',
    '',
    `${ready}/${slots} ready`,
    duration(now - state.startedAt),
    ...rateCells(rates, reported.length ? reported.reduce((sum, w) => sum + w.activeRequests!, 0) : null),
    rss.length ? megabytes(rss.reduce((sum, bytes) => sum + bytes, 0)) : '-',
    String([...deaths.values()].reduce((sum, n) => sum + n, 0)),
  ];
}

/** REQ/S, ACTIVE, 4XX/S, 5XX/S, P50, P95, P99. */
function rateCells(rates: Rates | undefined, active: number | null): string[] {
  const activeCell = active === null ? '-' : String(active);
  if (!rates) return ['-', activeCell, '-', '-', '-', '-', '-'];
  const { p50, p95, p99 } = percentiles(rates);
  return [
    perSecond(rates.requestsPerSecond),
    activeCell,
    perSecond(rates.clientErrorsPerSecond),
    perSecond(rates.serverErrorsPerSecond),
    milliseconds(p50),
    milliseconds(p95),
    milliseconds(p99),
  ];
}

/** 0, 0.5, 12.5, 1234. */
function perSecond(rate: number): string {
  if (rate === 0) return '0';
  return rate < 100 ? rate.toFixed(1) : rate.toFixed(0);
}

/** No finished request in the interval: no latency to show. */
function milliseconds(ms: number | null): string {
  if (ms === null) return '-';
  return ms < 100 ? ms.toFixed(1) : ms.toFixed(0);
}

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

/** 0.4s, 1.9s, 12s: the age of a figure that changes every couple of seconds. */
function seconds(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  return s < 10 ? `${s.toFixed(1)}s` : duration(ms);
}
