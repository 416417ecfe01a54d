/**
 * PLACEHOLDER (helper "metrics" replaces this file): the monitor loop of one
 * app host, in the supervisor (a pool) or in `npm start`'s one process.
 * Every sampleSeconds: a sample (workers' counters, the cache-hit log, the
 * supervisor's facts) to recordSample(); every checkSeconds: checkAlerts()
 * and deliverDueNotifications().
 */
export interface MonitorHandle {
  stop(): Promise<void>;
}
