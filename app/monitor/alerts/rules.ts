/**
 * The alert rules: what each watches, its defaults, and whether it holds
 * over given measures. Evaluation is pure (measures in, verdict out), so a
 * rule is tested on points written by hand; gathering the measures is
 * measures.ts, and acting on the verdicts is check.ts. The admin's changes
 * to the defaults are AlertRule rows (rule-settings.ts).
 */
import { addLatency, latencyQuantile } from '#app/monitor/sample.ts';

export const ruleKinds = Object.freeze([
  'error-rate',
  'latency-p99',
  'crash-loop',
  'disk-space',
  'database-unreachable',
  'replica-lag',
  'backup-age',
] as const);
export type RuleKind = (typeof ruleKinds)[number];

/** A rule as it runs: the defaults, or the admin's values in their place. */
export interface RuleSettings {
  readonly kind: RuleKind;
  readonly enabled: boolean;
  readonly threshold: number;
  readonly windowMinutes: number;
  readonly repeatMinutes: number;
}

export interface RuleDefinition {
  readonly kind: RuleKind;
  readonly title: string;
  /** When it fires, in words, with the threshold's unit after "threshold". */
  readonly condition: string;
  readonly unit: string;
  /** The range the admin may set the threshold in. */
  readonly thresholdRange: readonly [number, number];
  /** Whether the rule looks back over a window (the others read a current value). */
  readonly usesWindow: boolean;
  readonly defaults: Omit<RuleSettings, 'kind'>;
}

/** Fewer requests than this in the window say nothing about a rate or a percentile. */
export const minimumRequests = 20;

const definitions: readonly RuleDefinition[] = [
  rule('error-rate', 'Error rate', 'the share of 5xx answers is above', '%', [0, 100], true, 5, 5, 60),
  rule(
    'latency-p99',
    'p99 latency',
    'the 99th percentile of response times is above',
    'ms',
    [1, 60_000],
    true,
    2000,
    5,
    60,
  ),
  rule(
    'crash-loop',
    'Worker crash loop',
    'at least this many hosts have a worker slot in a crash loop:',
    'hosts',
    [1, 100],
    true,
    1,
    5,
    60,
  ),
  rule('disk-space', 'Disk space', 'the free space under the data dir is below', '% free', [0, 100], true, 10, 5, 360),
  rule(
    'database-unreachable',
    'Database unreachable',
    'the database has not answered this many checks in a row:',
    'checks',
    [1, 100],
    false,
    3,
    5,
    30,
  ),
  rule(
    'replica-lag',
    'Replica lag',
    'the streaming replica (when one is configured) is behind by more than',
    's',
    [1, 86_400],
    false,
    30,
    5,
    60,
  ),
  rule(
    'backup-age',
    'Backup age',
    'the last backup (once one was made) is older than',
    'h',
    [1, 24 * 90],
    false,
    26,
    5,
    720,
  ),
];

export const ruleDefinitions: ReadonlyMap<RuleKind, RuleDefinition> = new Map(definitions.map((d) => [d.kind, d]));

export function definitionOf(kind: RuleKind): RuleDefinition {
  return ruleDefinitions.get(kind)!;
}

export function isRuleKind(value: string): value is RuleKind {
  return (ruleKinds as readonly string[]).includes(value);
}

/** One host's stored bucket of the activity series, as the rules read it. */
export interface ActivityPointReading {
  readonly bucket: Date;
  readonly host: string;
  readonly requests: number;
  readonly serverErrors: number;
  readonly latency: readonly number[];
  readonly crashLoop: boolean;
  readonly diskFreeBytes: number | null;
  readonly diskTotalBytes: number | null;
}

/** What the rules are evaluated over, at `now`. */
export interface Measures {
  readonly now: Date;
  /** The 'hour' tier's points of every host, at least as far back as the longest window. */
  readonly points: readonly ActivityPointReading[];
  /** This host's data dir file system, read now (statfs); null when it cannot be read. */
  readonly localDisk: { readonly host: string; readonly freeBytes: number; readonly totalBytes: number } | null;
  /** Checks in a row the database failed to answer on this host. */
  readonly databaseFailures: number;
  /** Undefined: no replica configured. Otherwise its lag, or why it has none to give (not streaming, down). */
  readonly replica?: { readonly lagSeconds: number } | { readonly problem: string };
  /** Undefined: no backup was ever recorded. */
  readonly lastBackupAt?: Date;
}

export interface Verdict {
  readonly firing: boolean;
  /** The measured value in the rule's unit, when there is one. */
  readonly value: number | null;
  /** For the admin and the notifications: what was measured against what. */
  readonly message: string;
}

/** Whether `settings`' rule holds over `measures`. A rule without data to judge does not fire. */
export function evaluateRule(settings: RuleSettings, measures: Measures): Verdict {
  const { threshold } = settings;
  const windowed = measures.points.filter(
    (p) => p.bucket.getTime() > measures.now.getTime() - settings.windowMinutes * 60_000,
  );
  const over = `over ${settings.windowMinutes} min`;
  switch (settings.kind) {
    case 'error-rate': {
      const requests = sum(windowed, (p) => p.requests);
      if (requests < minimumRequests) return quiet(`${requests} requests ${over}: too few to judge`);
      const rate = (100 * sum(windowed, (p) => p.serverErrors)) / requests;
      return verdict(
        rate > threshold,
        rate,
        `5xx answers: ${round(rate)} % of ${requests} requests ${over} (threshold ${threshold} %)`,
      );
    }
    case 'latency-p99': {
      const requests = sum(windowed, (p) => p.requests);
      const buckets = windowed.reduce<number[]>((all, p) => addLatency(all, p.latency), []);
      const p99 = latencyQuantile(buckets, 0.99);
      if (requests < minimumRequests || p99 === null) return quiet(`${requests} requests ${over}: too few to judge`);
      return verdict(p99 > threshold, p99, `p99 latency: ${Math.round(p99)} ms ${over} (threshold ${threshold} ms)`);
    }
    case 'crash-loop': {
      const looping = [...latestPerHost(windowed).values()].filter((p) => p.crashLoop).map((p) => p.host);
      return verdict(
        looping.length >= threshold,
        looping.length,
        looping.length ? `worker crash loop on ${looping.sort().join(', ')}` : 'no host in a crash loop',
      );
    }
    case 'disk-space':
      return diskVerdict(threshold, windowed, measures.localDisk);
    case 'database-unreachable':
      return verdict(
        measures.databaseFailures >= threshold,
        measures.databaseFailures,
        `the database failed ${measures.databaseFailures} check(s) in a row (threshold ${threshold})`,
      );
    case 'replica-lag': {
      const replica = measures.replica;
      if (!replica) return quiet('no replica is configured');
      if ('problem' in replica) return verdict(true, null, replica.problem);
      return verdict(
        replica.lagSeconds > threshold,
        replica.lagSeconds,
        `the replica is ${round(replica.lagSeconds)} s behind the primary (threshold ${threshold} s)`,
      );
    }
    case 'backup-age': {
      if (!measures.lastBackupAt) return quiet('no backup was ever recorded');
      const hours = (measures.now.getTime() - measures.lastBackupAt.getTime()) / 3_600_000;
      return verdict(
        hours > threshold,
        hours,
        `the last backup was ${round(hours)} h ago, at ${measures.lastBackupAt.toISOString()} (threshold ${threshold} h)`,
      );
    }
  }
}

/** The fullest host's share of free space: each host's latest sample in the window, this host's read now. */
function diskVerdict(
  threshold: number,
  points: readonly ActivityPointReading[],
  localDisk: Measures['localDisk'],
): Verdict {
  const disks = new Map<string, { free: number; total: number }>();
  for (const p of latestPerHost(points.filter((p) => p.diskFreeBytes !== null && p.diskTotalBytes)).values())
    disks.set(p.host, { free: p.diskFreeBytes!, total: p.diskTotalBytes! });
  if (localDisk && localDisk.totalBytes > 0)
    disks.set(localDisk.host, { free: localDisk.freeBytes, total: localDisk.totalBytes });
  let fullest: { host: string; percent: number; free: number } | undefined;
  for (const [host, disk] of disks) {
    const percent = (100 * disk.free) / disk.total;
    if (!fullest || percent < fullest.percent) fullest = { host, percent, free: disk.free };
  }
  if (!fullest) return quiet('no host reported its disk');
  return verdict(
    fullest.percent < threshold,
    fullest.percent,
    `${round(fullest.percent)} % free (${gigabytes(fullest.free)}) under the data dir on ${fullest.host} (threshold ${threshold} %)`,
  );
}

function latestPerHost(points: readonly ActivityPointReading[]): Map<string, ActivityPointReading> {
  const latest = new Map<string, ActivityPointReading>();
  for (const p of points) {
    const seen = latest.get(p.host);
    if (!seen || p.bucket > seen.bucket) latest.set(p.host, p);
  }
  return latest;
}

function rule(
  kind: RuleKind,
  title: string,
  condition: string,
  unit: string,
  thresholdRange: readonly [number, number],
  usesWindow: boolean,
  threshold: number,
  windowMinutes: number,
  repeatMinutes: number,
): RuleDefinition {
  return {
    kind,
    title,
    condition,
    unit,
    thresholdRange,
    usesWindow,
    defaults: { enabled: true, threshold, windowMinutes, repeatMinutes },
  };
}

function verdict(firing: boolean, value: number | null, message: string): Verdict {
  return { firing, value, message };
}

function quiet(message: string): Verdict {
  return { firing: false, value: null, message };
}

function sum<T>(items: readonly T[], of: (item: T) => number): number {
  return items.reduce((total, item) => total + of(item), 0);
}

function round(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

function gigabytes(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}
