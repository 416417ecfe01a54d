/**
 * Gathers what the rules judge (rules.ts Measures): the activity series'
 * recent points of every host (the 'hour' tier, which the activity helper
 * writes), this host's data dir file system, the replica's lag when one is
 * configured and its rule is on, and when the last backup was made.
 */
import { statfs } from 'node:fs/promises';
import { db } from '#app/models/db.ts';
import type { MonitorContext } from '#app/monitor/context.ts';
import { lastBackupAt } from '#app/monitor/alerts/backup-fact.ts';
import type { ActivityPointReading, Measures, RuleSettings } from '#app/monitor/alerts/rules.ts';
import { measureReplicaLag } from '#app/database/postgresql/replica-lag.ts';

export async function gatherMeasures(
  context: MonitorContext,
  rules: readonly RuleSettings[],
  databaseFailures: number,
): Promise<Measures> {
  const now = context.clock.now();
  const enabled = rules.filter((r) => r.enabled);
  const longestWindow = Math.max(0, ...enabled.map((r) => r.windowMinutes));
  const replicaUrl = context.config.databaseReplicaUrl;
  const [points, localDisk, replica, backup] = await Promise.all([
    recentPoints(new Date(now.getTime() - longestWindow * 60_000)),
    diskOf(context),
    replicaUrl && enabled.some((r) => r.kind === 'replica-lag') ? measureReplicaLag(replicaUrl) : undefined,
    lastBackupAt(),
  ]);
  return {
    now,
    points,
    localDisk,
    databaseFailures,
    ...(replica && { replica }),
    ...(backup && { lastBackupAt: backup }),
  };
}

async function recentPoints(since: Date): Promise<ActivityPointReading[]> {
  const rows = await db.activityPoint.findMany({
    where: { tier: 'hour', bucket: { gt: since } },
    select: {
      bucket: true,
      host: true,
      requests: true,
      serverErrors: true,
      latency: true,
      crashLoop: true,
      diskFreeBytes: true,
      diskTotalBytes: true,
    },
  });
  return rows.map((row) => ({ ...row, latency: latencyOf(row.latency) }));
}

function latencyOf(json: string): number[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.map((n) => (typeof n === 'number' ? n : 0)) : [];
  } catch {
    return [];
  }
}

/** This host's data dir, read now: fresher than its last sample, and there even before the first. */
async function diskOf(context: MonitorContext): Promise<Measures['localDisk']> {
  try {
    const stats = await statfs(context.config.dataDir);
    return {
      host: context.config.monitoring.hostName,
      freeBytes: stats.bavail * stats.bsize,
      totalBytes: stats.blocks * stats.bsize,
    };
  } catch {
    return null;
  }
}
