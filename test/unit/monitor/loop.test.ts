import { describe, it, expect } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '#config/environment.ts';
import { systemClock } from '#app/clock.ts';
import { startMonitor, type MonitorSources } from '#app/monitor/loop.ts';
import { HostMetrics } from '#app/monitor/metrics/host.ts';
import { RequestTally } from '#app/monitor/metrics/tally.ts';
import type { WorkerReading } from '#app/monitor/worker-deltas.ts';
import { capturedLog } from '#test/support/log.ts';

/** A promise with its resolve outside. */
function later<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('the monitor loop', () => {
  it('goes on after a failed round, never runs two at once, and stop() waits for the one under way', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'folio-loop-'));
    const config = loadConfig({
      FOLIO_DATA_DIR: dir,
      FOLIO_ACTIVITY_SAMPLE_SECONDS: '1',
      FOLIO_ALERT_CHECK_SECONDS: '1',
    });
    const { logger, errors } = capturedLog();
    const tally = new RequestTally();
    tally.note(200, 4);
    let calls = 0;
    let running = 0;
    let overlapped = false;
    const third = later();
    const release = later();
    const sources: MonitorSources = {
      hostMetrics: new HostMetrics(() => ({ restarts: 0, workers: [] })),
      servesPageCache: false,
      async readTallies(): Promise<WorkerReading[]> {
        calls += 1;
        running += 1;
        overlapped ||= running > 1;
        try {
          if (calls === 1) throw new Error('worker channel closed');
          if (calls === 3) {
            third.resolve();
            await release.promise;
          }
          return [{ pid: 1, tally: tally.drain() }];
        } finally {
          running -= 1;
        }
      },
      readHost: () => ({ pids: [1], workers: 1, rssBytes: 1, crashLoop: false, restarts: 0 }),
    };
    const monitor = startMonitor({ config, logger, clock: systemClock }, sources);
    try {
      await third.promise;
      expect(errors().map((line) => line.msg)).toContain('monitor: the sample failed: worker channel closed');
      let stopped = false;
      const stopping = monitor.stop().then(() => (stopped = true));
      await new Promise((resolve) => setImmediate(resolve));
      expect(stopped).toBe(false);
      release.resolve();
      await stopping;
      expect(calls).toBe(3);
      expect(overlapped).toBe(false);
    } finally {
      await monitor.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
