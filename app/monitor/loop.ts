/**
 * The monitor loop of one app host, in the pool's supervisor or in
 * `npm start`'s one process. Every sampleSeconds: the workers' counters
 * (as deltas, worker-deltas.ts), the web server's cache-hit log and the
 * host's own facts become one ActivitySample for recordSample(). Every
 * checkSeconds: checkAlerts() and deliverDueNotifications().
 *
 * Rounds run one at a time, each on its own clock; a round that fails is
 * logged and the next one runs as planned: nothing here stops the loop, and
 * the loop never stops the pool. stop() waits for the round under way.
 */
import { stat, statfs } from 'node:fs/promises';
import type { MonitorContext } from '#app/monitor/context.ts';
import type { ActivitySample } from '#app/monitor/sample.ts';
import { recordSample } from '#app/monitor/activity/record.ts';
import { checkAlerts, stopCheckingAlerts } from '#app/monitor/alerts/check.ts';
import { deliverDueNotifications } from '#app/notifications/outbox.ts';
import { openCacheHitLog } from '#app/monitor/cache-hits/log-reader.ts';
import { addCounts } from '#app/monitor/sample.ts';
import { WorkerDeltas, type WorkerReading } from '#app/monitor/worker-deltas.ts';
import type { HostMetrics } from '#app/monitor/metrics/host.ts';

export interface MonitorHandle {
  stop(): Promise<void>;
}

/** The host's facts as of now. */
export interface HostReading {
  /** Workers alive (their counters are kept between rounds). */
  readonly pids: readonly number[];
  /** Workers serving. */
  readonly workers: number;
  readonly rssBytes: number;
  readonly crashLoop: boolean;
  /** Unexpected deaths since the host started. */
  readonly restarts: number;
}

/** Where the loop reads the host: the supervisor, or `npm start`'s process. */
export interface MonitorSources {
  /** The workers' tallies (app/monitor/metrics/tally.ts); those that do not answer in time are left out. */
  readTallies(): Promise<WorkerReading[]>;
  readHost(): HostReading;
  /** The page-cache hits are added to its counter, for GET /metrics. */
  readonly hostMetrics: HostMetrics;
  /** Whether the workers answer cached pages themselves (plain HTTP), counting those hits without a web server's log. */
  readonly servesPageCache: boolean;
}

export function startMonitor(context: MonitorContext, sources: MonitorSources): MonitorHandle {
  const { config, logger, clock } = context;
  const { sampleSeconds, checkSeconds } = config.monitoring;
  const hitLog = openCacheHitLog(config.monitoring.cacheHitLog, { baseUrl: config.baseUrl, logger });
  const deltas = new WorkerDeltas();
  let lastAt = clock.now().getTime();
  let lastRestarts = sources.readHost().restarts;
  let nextSample = Date.now() + sampleSeconds * 1000;
  let nextCheck = Date.now() + checkSeconds * 1000;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  // The first read only finds the log's end: hits from before the loop started were never the pool's to count.
  let current: Promise<void> = guarded('cache-hit log', async () => void (await hitLog.read()));

  async function sampleRound(): Promise<void> {
    const readings = await sources.readTallies();
    const host = sources.readHost();
    const counts = deltas.take(readings, host.pids);
    const hits = await hitLog.read();
    // The web server's hits (its log), and those the workers' own HTTP server answered (no web server in front).
    const cacheHits = hits.hits + counts.cacheHits;
    sources.hostMetrics.cacheHits.inc(cacheHits);
    // Behind a web server that logs no hits (lighttpd), the ratio is unknown: the series keeps neither side, and
    // the Activity page shows "—" rather than a ratio of 0.
    const hitsCounted = sources.servesPageCache || (await exists(config.monitoring.cacheHitLog));
    const disk = await statfs(config.dataDir).catch(() => null);
    const at = clock.now();
    const sample: ActivitySample = {
      host: config.monitoring.hostName,
      at,
      seconds: Math.max(0, (at.getTime() - lastAt) / 1000),
      requests: counts.requests,
      clientErrors: counts.clientErrors,
      serverErrors: counts.serverErrors,
      latency: counts.latency,
      cacheHits: hitsCounted ? cacheHits : 0,
      cacheMisses: hitsCounted ? counts.cacheMisses : 0,
      restarts: Math.max(0, host.restarts - lastRestarts),
      crashLoop: host.crashLoop,
      workers: host.workers,
      rssBytes: host.rssBytes,
      diskFreeBytes: disk ? disk.bavail * disk.bsize : null,
      diskTotalBytes: disk ? disk.blocks * disk.bsize : null,
      reads: addCounts(counts.reads, hits.reads),
      referrers: addCounts(counts.referrers, hits.referrers),
    };
    lastAt = at.getTime();
    lastRestarts = host.restarts;
    await recordSample(sample);
  }

  async function checkRound(): Promise<void> {
    await guarded('alert check', () => checkAlerts(context));
    await guarded('notification delivery', () => deliverDueNotifications(context));
  }

  async function guarded(what: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      logger.error({ err: error }, `monitor: the ${what} failed: ${(error as Error).message}`);
    }
  }

  async function dueRounds(): Promise<void> {
    const now = Date.now();
    if (now >= nextSample) {
      // A host that fell behind (a suspended machine) samples once and goes on from now.
      nextSample = Math.max(nextSample + sampleSeconds * 1000, now + 1);
      await guarded('sample', sampleRound);
    }
    if (!stopped && Date.now() >= nextCheck) {
      nextCheck = Math.max(nextCheck + checkSeconds * 1000, Date.now() + 1);
      await checkRound();
    }
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(
      () => {
        current = dueRounds().finally(schedule);
      },
      Math.max(0, Math.min(nextSample, nextCheck) - Date.now()),
    );
    // The loop never keeps a process alive by itself: the server or the pool does.
    timer.unref();
  }

  void current.finally(schedule);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
      hitLog.close();
      await guarded('giving the alert lease back', () => stopCheckingAlerts(context));
    },
  };
}

function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
