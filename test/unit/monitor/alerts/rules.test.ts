import { describe, it, expect } from 'vitest';
import {
  definitionOf,
  evaluateRule,
  ruleKinds,
  type ActivityPointReading,
  type Measures,
  type RuleKind,
} from '#app/monitor/alerts/rules.ts';
import { LATENCY_BOUNDS_MS, latencyBucket } from '#app/monitor/sample.ts';

const now = new Date('2026-03-01T12:00:00Z');
const secondsAgo = (s: number) => new Date(now.getTime() - s * 1000);

function point(overrides: Partial<ActivityPointReading> & { secondsAgo?: number } = {}): ActivityPointReading {
  const { secondsAgo: ago = 10, ...rest } = overrides;
  return {
    bucket: secondsAgo(ago),
    host: 'web1',
    requests: 0,
    serverErrors: 0,
    latency: [],
    crashLoop: false,
    diskFreeBytes: null,
    diskTotalBytes: null,
    ...rest,
  };
}

function measures(overrides: Partial<Measures> = {}): Measures {
  return { now, points: [], localDisk: null, databaseFailures: 0, ...overrides };
}

function defaults(kind: RuleKind) {
  return { kind, ...definitionOf(kind).defaults };
}

/** `count` requests all taking `ms`. */
function latencyOf(ms: number, count: number): number[] {
  const buckets = Array<number>(LATENCY_BOUNDS_MS.length + 1).fill(0);
  buckets[latencyBucket(ms)] = count;
  return buckets;
}

describe('alert rules', () => {
  it('has sensible defaults for every kind', () => {
    expect(ruleKinds.map((k) => [k, definitionOf(k).defaults.threshold])).toEqual([
      ['error-rate', 5],
      ['latency-p99', 2000],
      ['crash-loop', 1],
      ['disk-space', 10],
      ['database-unreachable', 3],
      ['replica-lag', 30],
      ['backup-age', 26],
    ]);
    for (const kind of ruleKinds) expect(definitionOf(kind).defaults.repeatMinutes).toBeGreaterThanOrEqual(5);
  });

  it('error rate: fires above 5 % of 5xx over the window, only with enough requests', () => {
    const rule = defaults('error-rate');
    const over = evaluateRule(rule, measures({ points: [point({ requests: 100, serverErrors: 6 })] }));
    expect(over).toMatchObject({ firing: true, value: 6 });
    expect(over.message).toBe('5xx answers: 6.0 % of 100 requests over 5 min (threshold 5 %)');
    expect(evaluateRule(rule, measures({ points: [point({ requests: 100, serverErrors: 5 })] })).firing).toBe(false);
    const few = evaluateRule(rule, measures({ points: [point({ requests: 10, serverErrors: 10 })] }));
    expect(few).toMatchObject({ firing: false, value: null, message: '10 requests over 5 min: too few to judge' });
    // Points are summed across hosts and buckets, and those older than the window are left out.
    const spread = [
      point({ requests: 30, serverErrors: 3 }),
      point({ host: 'web2', requests: 30, serverErrors: 3, secondsAgo: 200 }),
      point({ requests: 1000, serverErrors: 0, secondsAgo: 301 }),
    ];
    expect(evaluateRule(rule, measures({ points: spread })).value).toBe(10);
    expect(evaluateRule({ ...rule, windowMinutes: 10 }, measures({ points: spread })).firing).toBe(false);
  });

  it('p99 latency: fires when the slowest 1 % take longer than the threshold', () => {
    const rule = defaults('latency-p99');
    const slow = evaluateRule(rule, measures({ points: [point({ requests: 100, latency: latencyOf(4000, 100) })] }));
    expect(slow.firing).toBe(true);
    expect(slow.value).toBeGreaterThan(2000);
    const fast = evaluateRule(rule, measures({ points: [point({ requests: 100, latency: latencyOf(40, 100) })] }));
    expect(fast).toMatchObject({ firing: false });
    expect(fast.value).toBeLessThanOrEqual(50);
    expect(evaluateRule(rule, measures({ points: [point({ requests: 5, latency: latencyOf(9000, 5) })] })).firing).toBe(
      false,
    );
  });

  it("crash loop: reads each host's latest sample in the window", () => {
    const rule = defaults('crash-loop');
    const looping = evaluateRule(
      rule,
      measures({ points: [point({ crashLoop: true, secondsAgo: 20 }), point({ host: 'web2', crashLoop: true })] }),
    );
    expect(looping).toMatchObject({ firing: true, value: 2, message: 'worker crash loop on web1, web2' });
    const recovered = [point({ crashLoop: true, secondsAgo: 20 }), point({ crashLoop: false, secondsAgo: 10 })];
    expect(evaluateRule(rule, measures({ points: recovered }))).toMatchObject({ firing: false, value: 0 });
    expect(evaluateRule({ ...rule, threshold: 2 }, measures({ points: [point({ crashLoop: true })] })).firing).toBe(
      false,
    );
  });

  it('disk space: the fullest host counts, this host read now over its last sample', () => {
    const rule = defaults('disk-space');
    const gb = 1024 ** 3;
    const points = [
      point({ diskFreeBytes: 50 * gb, diskTotalBytes: 100 * gb }),
      point({ host: 'web2', diskFreeBytes: 5 * gb, diskTotalBytes: 100 * gb }),
    ];
    expect(evaluateRule(rule, measures({ points }))).toMatchObject({
      firing: true,
      value: 5,
      message: '5.0 % free (5.0 GB) under the data dir on web2 (threshold 10 %)',
    });
    const localDisk = { host: 'web2', freeBytes: 40 * gb, totalBytes: 100 * gb };
    expect(evaluateRule(rule, measures({ points, localDisk }))).toMatchObject({ firing: false, value: 40 });
    expect(evaluateRule(rule, measures())).toMatchObject({ firing: false, message: 'no host reported its disk' });
  });

  it('database unreachable: fires after the threshold of failed checks in a row', () => {
    const rule = defaults('database-unreachable');
    expect(evaluateRule(rule, measures({ databaseFailures: 2 })).firing).toBe(false);
    expect(evaluateRule(rule, measures({ databaseFailures: 3 })).firing).toBe(true);
  });

  it('replica lag: quiet without a replica, fires on lag above the threshold or a replica not streaming', () => {
    const rule = defaults('replica-lag');
    expect(evaluateRule(rule, measures()).firing).toBe(false);
    expect(evaluateRule(rule, measures({ replica: { lagSeconds: 12 } })).firing).toBe(false);
    expect(evaluateRule(rule, measures({ replica: { lagSeconds: 45 } }))).toMatchObject({ firing: true, value: 45 });
    const down = evaluateRule(
      rule,
      measures({ replica: { problem: 'replica.example is not streaming from the primary' } }),
    );
    expect(down).toMatchObject({
      firing: true,
      value: null,
      message: 'replica.example is not streaming from the primary',
    });
  });

  it('backup age: quiet until a backup was recorded, then fires past the age', () => {
    const rule = defaults('backup-age');
    expect(evaluateRule(rule, measures()).firing).toBe(false);
    expect(evaluateRule(rule, measures({ lastBackupAt: secondsAgo(25 * 3600) })).firing).toBe(false);
    expect(evaluateRule(rule, measures({ lastBackupAt: secondsAgo(27 * 3600) }))).toMatchObject({
      firing: true,
      value: 27,
    });
  });
});
