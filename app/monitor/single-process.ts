/**
 * `npm start`'s one process as a host with one worker, itself: what the
 * monitor loop reads, and its GET /metrics, which adds the host's metrics
 * to the process's own as a pool's supervisor does.
 */
import type { Config } from '#config/environment.ts';
import { HostMetrics } from '#app/monitor/metrics/host.ts';
import { poolExposition } from '#app/monitor/metrics/pool.ts';
import { processMetrics } from '#app/monitor/metrics/registry.ts';
import type { MonitorSources } from '#app/monitor/loop.ts';

export function singleProcessSources(config: Pick<Config, 'monitoring'>): MonitorSources {
  const metrics = config.monitoring.metrics ? processMetrics() : undefined;
  const rss = () => process.memoryUsage.rss();
  const hostMetrics = new HostMetrics(() => ({
    restarts: 0,
    workers: [{ name: '0', state: 'ready', rssBytes: rss(), crashLoop: false }],
  }));
  metrics?.exposeWith(async () => poolExposition([await metrics.registry.getMetricsAsJSON()], hostMetrics.registry));
  return {
    hostMetrics,
    servesPageCache: true,
    readTallies: () => Promise.resolve(metrics ? [{ pid: process.pid, tally: metrics.tally.drain() }] : []),
    readHost: () => ({ pids: [process.pid], workers: 1, rssBytes: rss(), crashLoop: false, restarts: 0 }),
  };
}
