import { describe, it, expect } from 'vitest';
import { formatTop } from '#app/server/pool/top-table.ts';
import { emptyHistory, recordReports, workerRates, type StatsHistory } from '#app/server/pool/top-rates.ts';
import type { StateFile } from '#app/server/pool/state-file.ts';
import type { WorkerRow } from '#app/server/pool/worker-handle.ts';

const now = Date.UTC(2026, 0, 1, 12, 0, 0);
const MB = 1024 * 1024;

function row(overrides: Partial<WorkerRow>): WorkerRow {
  return {
    name: '0',
    slot: 0,
    pid: 100,
    address: '127.0.0.1:9000',
    state: 'ready',
    startedAt: now - 3_700_000,
    readyAt: now - 3_600_000,
    requestsServed: 1000,
    activeRequests: 1,
    rssBytes: 80 * MB,
    clientErrors: 10,
    serverErrors: 0,
    latency: [100, 200, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    statsAt: now - 2500,
    crashLoop: false,
    recentDeaths: 0,
    respawnAt: null,
    lastExit: null,
    release: null,
    revision: null,
    ...overrides,
  };
}

function stateOf(workers: WorkerRow[], overrides: Partial<StateFile> = {}): StateFile {
  return {
    supervisorPid: 99,
    supervisorRelease: null,
    supervisorRevision: null,
    phase: 'running',
    transport: 'http',
    startedAt: now - 7_200_000,
    updatedAt: now - 400,
    drainTimeoutMs: 30_000,
    bootTimeoutMs: 60_000,
    lastRestart: null,
    workers,
    ...overrides,
  };
}

/** The history after reading `states` in turn. */
function read(...states: StateFile[]): StatsHistory {
  return states.reduce(recordReports, emptyHistory);
}

describe('workers top: rates from two reports', () => {
  it('are the counters’ differences over the time between the reports, not between the reads', () => {
    const first = stateOf([row({})]);
    // Read again before the next report: nothing changes.
    const history = read(first, first);
    expect(workerRates(history, 100)).toBeUndefined();
    const second = stateOf([
      row({
        requestsServed: 1200,
        clientErrors: 14,
        serverErrors: 2,
        latency: [150, 300, 50, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        statsAt: now - 500,
      }),
    ]);
    const rates = workerRates(read(first, second, second), 100)!;
    expect(rates.seconds).toBe(2);
    expect(rates.requestsPerSecond).toBe(100);
    expect(rates.clientErrorsPerSecond).toBe(2);
    expect(rates.serverErrorsPerSecond).toBe(1);
    expect(rates.latency).toEqual([50, 100, 50, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('start over for a replaced worker (a new pid), and take an empty latency array as zeros', () => {
    const history = read(
      stateOf([row({ latency: [] })]),
      stateOf([row({ pid: 101, requestsServed: 3, statsAt: now - 500, latency: [] })]),
    );
    expect(workerRates(history, 100)).toBeUndefined();
    expect(workerRates(history, 101)).toBeUndefined();
    const later = recordReports(history, stateOf([row({ pid: 101, requestsServed: 13, statsAt: now, latency: [] })]));
    expect(workerRates(later, 101)).toMatchObject({ requestsPerSecond: 20, latency: Array(12).fill(0) });
  });
});

describe('workers top: the frame', () => {
  it('shows each worker’s rates, latency percentiles, RSS and deaths, and the pool’s totals', () => {
    const before = stateOf([row({}), row({ name: '1', slot: 1, pid: 101, requestsServed: 500, statsAt: now - 2400 })]);
    const after = stateOf([
      row({
        requestsServed: 1200,
        clientErrors: 14,
        activeRequests: 2,
        // 200 more requests: 100 under 5 ms, 80 of 5–10 ms, 20 of 100–250 ms.
        latency: [200, 280, 0, 0, 0, 20, 0, 0, 0, 0, 0, 0],
        statsAt: now - 500,
      }),
      row({
        name: '1',
        slot: 1,
        pid: 101,
        requestsServed: 500,
        activeRequests: 0,
        rssBytes: 75.56 * MB,
        statsAt: now - 400,
        recentDeaths: 1,
      }),
    ]);
    expect(formatTop(after, read(before, after), now)).toBe(
      [
        'supervisor pid 99, running, http, up 2h00m; stats as of 0.4s ago',
        '',
        'WORKER  PID  STATE      UPTIME  REQ/S  ACTIVE  4XX/S  5XX/S  P50 MS  P95 MS  P99 MS  RSS MB  DEATHS',
        '0       100  ready      1h00m     100       2    2.0      0     5.0     175     235    80.0       0',
        '1       101  ready      1h00m       0       0      0      0       -       -       -    75.6       1',
        'POOL         2/2 ready  2h00m     100       2    2.0      0     5.0     175     235   155.6       1',
        '',
        "rates and latency over each worker's last stats interval (2.0 s); deaths: in the last minute",
      ].join('\n'),
    );
  });

  it('says when there are no rates yet, shows a dead crash-looping slot, and calls out a stale file', () => {
    const state = stateOf(
      [
        row({}),
        row({
          name: '1',
          slot: 1,
          pid: null,
          state: 'dead',
          crashLoop: true,
          recentDeaths: 5,
          respawnAt: now + 42_000,
          requestsServed: null,
          activeRequests: null,
          rssBytes: null,
          statsAt: null,
        }),
      ],
      { updatedAt: now - 30_000 },
    );
    const frame = formatTop(state, read(state), now).split('\n');
    expect(frame[0]).toBe(
      'supervisor pid 99, running, http, up 2h00m; stats as of 2.5s ago; the state file is 30s old',
    );
    expect(frame[3]).toMatch(/^0\s+100\s+ready\s+1h00m\s+-\s+1\s+-\s+-\s+-\s+-\s+-\s+80\.0\s+0$/);
    expect(frame[4]).toMatch(
      /^1\s+-\s+dead, CRASH LOOP \(5 deaths\/min\), respawn in 42s\s+-\s+-\s+-\s+-\s+-\s+-\s+-\s+-\s+-\s+5$/,
    );
    expect(frame[5]).toMatch(/^POOL\s+1\/2 ready\s+2h00m\s+-\s+1\s+-\s+-\s+-\s+-\s+-\s+80\.0\s+5$/);
    expect(frame.slice(7)).toEqual([
      'rates and latency from the second stats report on; deaths: in the last minute',
      'CRASH LOOP: worker 1',
    ]);
  });

  it('says so before any worker has reported', () => {
    const state = stateOf([row({ state: 'booting', readyAt: null, requestsServed: null, statsAt: null })], {
      phase: 'starting',
    });
    expect(formatTop(state, read(state), now).split('\n')[0]).toBe(
      'supervisor pid 99, starting, http, up 2h00m; no stats reported yet',
    );
  });
});
