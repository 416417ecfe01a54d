import { describe, it, expect } from 'vitest';
import { duration, formatStatus } from '#app/server/pool/status-table.ts';
import type { StateFile } from '#app/server/pool/state-file.ts';
import type { WorkerRow } from '#app/server/pool/worker-handle.ts';

const now = Date.UTC(2026, 0, 1, 12, 0, 0);

function row(overrides: Partial<WorkerRow>): WorkerRow {
  return {
    name: '0',
    slot: 0,
    pid: 100,
    address: '127.0.0.1:9000',
    state: 'ready',
    startedAt: now - 3_700_000,
    readyAt: now - 3_600_000,
    requestsServed: 1234,
    activeRequests: 0,
    rssBytes: 80 * 1024 * 1024,
    clientErrors: 0,
    serverErrors: 0,
    latency: [],
    statsAt: now - 1000,
    crashLoop: false,
    recentDeaths: 0,
    respawnAt: null,
    lastExit: null,
    release: '/srv/folio/releases/20260101110000',
    revision: '0123456789abcdef0123456789abcdef01234567',
    ...overrides,
  };
}

describe('the status report', () => {
  it('is a table of worker, pid, address, state, uptime, requests, RSS in MB, release and revision', () => {
    const state: StateFile = {
      supervisorPid: 99,
      supervisorRelease: '/srv/folio/releases/20251231090000',
      supervisorRevision: 'fedcba9876543210fedcba9876543210fedcba98',
      phase: 'running',
      transport: 'fastcgi',
      startedAt: now - 7_200_000,
      updatedAt: now - 1000,
      drainTimeoutMs: 30_000,
      bootTimeoutMs: 60_000,
      lastRestart: null,
      workers: [
        row({}),
        row({
          name: '1',
          slot: 1,
          pid: 101,
          address: '127.0.0.1:9001',
          readyAt: now - 65_000,
          requestsServed: 7,
          rssBytes: 75.56 * 1024 * 1024,
        }),
      ],
    };
    expect(formatStatus(state, now)).toBe(
      [
        'supervisor pid 99, running, fastcgi, up 2h00m, release 20251231090000, revision fedcba9876',
        '',
        'WORKER  PID  ADDRESS         STATE  UPTIME  REQUESTS  RSS (MB)  RELEASE         REVISION',
        '0       100  127.0.0.1:9000  ready  1h00m   1234      80.0      20260101110000  0123456789',
        '1       101  127.0.0.1:9001  ready  1m05s   7         75.6      20260101110000  0123456789',
      ].join('\n'),
    );
  });

  it('shows a checkout without REVISION, and a state file from before releases were recorded, as -', () => {
    const state: StateFile = {
      supervisorPid: 99,
      supervisorRelease: '/home/ada/folio',
      supervisorRevision: null,
      phase: 'running',
      transport: 'http',
      startedAt: now - 60_000,
      updatedAt: now - 1000,
      drainTimeoutMs: 30_000,
      bootTimeoutMs: 60_000,
      lastRestart: null,
      workers: [
        row({ release: '/home/ada/folio', revision: null }),
        row({ name: '1', slot: 1, pid: 101, release: null, revision: null }),
      ],
    };
    const lines = formatStatus(state, now).split('\n');
    expect(lines[0]).toBe('supervisor pid 99, running, http, up 1m00s, release folio, revision -');
    expect(lines[3]).toMatch(/ folio {2,}-$/);
    expect(lines[4]).toMatch(/80\.0 {6}- {2,}-$/);
    const { supervisorRelease: _release, supervisorRevision: _revision, ...older } = state;
    expect(formatStatus(older as StateFile, now).split('\n')[0]).toBe(
      'supervisor pid 99, running, http, up 1m00s, release -, revision -',
    );
  });

  it('shows a crash-looping slot, its next try, the last restart and a stale file', () => {
    const state: StateFile = {
      supervisorPid: 99,
      supervisorRelease: null,
      supervisorRevision: null,
      phase: 'running',
      transport: 'http',
      startedAt: now - 60_000,
      updatedAt: now - 30_000,
      drainTimeoutMs: 30_000,
      bootTimeoutMs: 60_000,
      lastRestart: {
        startedAt: now - 20_000,
        finishedAt: now - 19_000,
        ok: false,
        error: 'the replacement for worker 0 did not get ready',
        replaced: [],
      },
      workers: [
        row({
          state: 'dead',
          crashLoop: true,
          recentDeaths: 5,
          respawnAt: now + 42_000,
          requestsServed: null,
          rssBytes: null,
          lastExit: 'exited with code 1',
        }),
      ],
    };
    const report = formatStatus(state, now);
    expect(report).toContain(
      '0       100  127.0.0.1:9000  dead, CRASH LOOP (5 deaths/min), respawn in 42s  -       -         -         20260101110000  0123456789',
    );
    expect(report).toContain('last restart: 20s ago, FAILED: the replacement for worker 0 did not get ready');
    expect(report).toContain('note: the state file is 30s old');
  });

  it('writes durations the short way', () => {
    expect([999, 59_000, 61_000, 3_599_000, 3_600_000, 90_061_000].map(duration)).toEqual([
      '0s',
      '59s',
      '1m01s',
      '59m59s',
      '1h00m',
      '1d01h',
    ]);
  });
});
