/**
 * The alert check round on a real database: the rules judge points written
 * into the activity series, an alert fires once, repeats no sooner than its
 * repeatMinutes (a ManualClock moves time), and resolves; and of two hosts
 * only the lease holder judges.
 */
import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { capturedLog } from '#test/support/log.ts';
import { ada } from '#test/fixtures/cast.ts';
import { ManualClock } from '#app/clock.ts';
import { db } from '#app/models/db.ts';
import type { MonitorContext } from '#app/monitor/context.ts';
import { checkAlerts, stopCheckingAlerts, alertLease } from '#app/monitor/alerts/check.ts';
import { holdLease, releaseLease } from '#app/monitor/lease.ts';
import { recordBackup } from '#app/monitor/alerts/backup-fact.ts';

const webhookUrl = 'http://127.0.0.1:9/hook';
const start = new Date('2026-03-01T12:00:00Z');
const minutes = (n: number) => new Date(start.getTime() + n * 60_000);

describe('alert checks', () => {
  let t: TestApp;
  let clock: ManualClock;
  const log = capturedLog();

  /** One app host's monitor: its own name, the shared database and clock. */
  function host(hostName: string): MonitorContext {
    const monitoring = { ...t.config.monitoring, hostName };
    return { config: { ...t.config, monitoring }, logger: log.logger, clock };
  }

  let written = 0;
  /** A bucket of one host's activity seconds before the clock's time (each call its own bucket). */
  async function traffic(requests: number, serverErrors: number, hostName = 'web1') {
    written += 1;
    await db.activityPoint.create({
      data: {
        tier: 'hour',
        bucket: new Date(clock.now().getTime() - 10_000 - written),
        host: hostName,
        requests,
        serverErrors,
        latency: JSON.stringify([requests]),
      },
    });
  }

  /** The alert notifications queued in the outbox, oldest first: mail subjects, and the webhook bodies' status. */
  async function queued() {
    const rows = await db.notification.findMany({ where: { purpose: 'alert' }, orderBy: { id: 'asc' } });
    return rows.map((row) =>
      row.channel === 'email'
        ? `mail to ${row.recipient}: ${row.subject}`
        : `POST ${row.recipient}: ${(JSON.parse(row.body) as { status: string }).status}`,
    );
  }

  const errorAlerts = () => db.alert.findMany({ where: { kind: 'error-rate' }, orderBy: { id: 'asc' } });

  beforeAll(async () => {
    clock = new ManualClock(start);
    t = await startTestApp({ clock, env: { FOLIO_ALERT_WEBHOOK_URL: webhookUrl } });
    await ada();
    // The test machine's own disk must not raise alerts of its own here.
    await db.alertRule.create({
      data: { kind: 'disk-space', enabled: false, threshold: 10, windowMinutes: 5, repeatMinutes: 360 },
    });
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(async () => {
    await db.activityPoint.deleteMany();
    await db.alert.deleteMany();
    await db.monitorLease.deleteMany();
    await db.notification.deleteMany();
  });

  it('fires once, repeats only after repeatMinutes, and resolves', async () => {
    const web1 = host('web1');
    clock.set(start);
    await traffic(100, 20);
    await checkAlerts(web1);
    const [fired] = await errorAlerts();
    expect(fired).toMatchObject({
      state: 'firing',
      value: 20,
      notifications: 1,
      startedAt: start,
      lastNotifiedAt: start,
    });
    expect(fired!.message).toBe('5xx answers: 20.0 % of 100 requests over 5 min (threshold 5 %)');
    const firing = ['mail to ada@example.com: [blog.test] FIRING: Error rate', `POST ${webhookUrl}: firing`];
    expect(await queued()).toEqual(firing);
    const mail = await db.notification.findFirstOrThrow({ where: { channel: 'email' } });
    expect(mail.body).toContain('Error rate is firing on blog.test: 5xx answers: 20.0 % of 100 requests');
    expect(mail.body).toContain('http://blog.test/admin/alerts');
    const hook = await db.notification.findFirstOrThrow({ where: { channel: 'webhook' } });
    expect(JSON.parse(hook.body)).toEqual({
      status: 'firing',
      rule: 'error-rate',
      message: '5xx answers: 20.0 % of 100 requests over 5 min (threshold 5 %)',
      value: 20,
      threshold: 5,
      startedAt: start.toISOString(),
      blog: 'http://blog.test',
    });

    // Still firing 30 minutes on: no notification yet (the default repeat is 60 minutes), the figures follow.
    clock.set(minutes(30));
    await traffic(100, 40);
    await checkAlerts(web1);
    expect(await errorAlerts()).toMatchObject([
      { state: 'firing', value: 40, notifications: 1, lastNotifiedAt: start },
    ]);

    clock.set(minutes(60));
    await traffic(100, 40);
    await checkAlerts(web1);
    expect(await errorAlerts()).toMatchObject([{ state: 'firing', notifications: 2, lastNotifiedAt: minutes(60) }]);

    clock.set(minutes(61));
    await traffic(100, 40);
    await checkAlerts(web1);
    expect(await errorAlerts()).toMatchObject([{ notifications: 2 }]);
    expect(await queued()).toEqual([...firing, ...firing]);

    // Healthy again: resolved, once.
    clock.set(minutes(62));
    await traffic(5000, 0);
    await checkAlerts(web1);
    expect(await errorAlerts()).toMatchObject([{ state: 'resolved', resolvedAt: minutes(62), notifications: 3 }]);
    clock.set(minutes(63));
    await checkAlerts(web1);
    expect(await errorAlerts()).toHaveLength(1);
    const resolved = ['mail to ada@example.com: [blog.test] RESOLVED: Error rate', `POST ${webhookUrl}: resolved`];
    expect(await queued()).toEqual([...firing, ...firing, ...resolved]);
    const last = await db.notification.findFirstOrThrow({ where: { channel: 'webhook' }, orderBy: { id: 'desc' } });
    expect(JSON.parse(last.body)).toMatchObject({ status: 'resolved', resolvedAt: minutes(62).toISOString() });
    expect(log.lines.map((l) => l.msg)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^alert FIRING: 5xx answers/),
        expect.stringMatching(/^alert RESOLVED/),
      ]),
    );
  });

  it("follows the admin's threshold and repeat, and resolves when the rule is switched off", async () => {
    const web1 = host('web1');
    await db.alertRule.create({
      data: { kind: 'error-rate', enabled: true, threshold: 50, windowMinutes: 5, repeatMinutes: 5 },
    });
    clock.set(start);
    await traffic(100, 20);
    await checkAlerts(web1);
    expect(await errorAlerts()).toEqual([]);
    await traffic(100, 90);
    await checkAlerts(web1);
    clock.set(minutes(5));
    await traffic(100, 90);
    await checkAlerts(web1);
    expect(await errorAlerts()).toMatchObject([{ state: 'firing', notifications: 2 }]);
    await db.alertRule.update({ where: { kind: 'error-rate' }, data: { enabled: false } });
    await checkAlerts(web1);
    expect(await errorAlerts()).toMatchObject([{ state: 'resolved', resolvedAt: minutes(5) }]);
    await db.alertRule.delete({ where: { kind: 'error-rate' } });
  });

  it('backup age: quiet until db:backup noted a backup, then fires once it is older than 26 hours', async () => {
    const web1 = host('web1');
    clock.set(start);
    await checkAlerts(web1);
    expect(await db.alert.count()).toBe(0);
    await recordBackup(start);
    clock.set(minutes(26 * 60 - 1));
    await checkAlerts(web1);
    expect(await db.alert.count()).toBe(0);
    clock.set(minutes(26 * 60 + 30));
    await checkAlerts(web1);
    expect(await db.alert.findMany()).toMatchObject([{ kind: 'backup-age', state: 'firing', value: 26.5 }]);
    await recordBackup(clock.now());
    clock.set(minutes(26 * 60 + 31));
    await checkAlerts(web1);
    expect(await db.alert.findMany()).toMatchObject([{ kind: 'backup-age', state: 'resolved' }]);
    await db.monitorFact.deleteMany();
  });

  it('judges on one host at a time: the lease holder, until its lease lapses', async () => {
    const [web1, web2] = [host('web1'), host('web2')];
    clock.set(start);
    await traffic(100, 20, 'web1');
    await traffic(100, 20, 'web2');
    await Promise.all([checkAlerts(web1), checkAlerts(web2), checkAlerts(web1), checkAlerts(web2)]);
    expect(await errorAlerts()).toMatchObject([{ state: 'firing', value: 20, notifications: 1 }]);
    expect(await queued()).toHaveLength(2);
    const holder = (await db.monitorLease.findUniqueOrThrow({ where: { name: alertLease } })).holder;
    const [held, other] = holder === 'web1' ? [web1, web2] : [web2, web1];

    // The holder renews it each round; the other host takes over only once it lapsed (3 × checkSeconds).
    const ttl = 3 * t.config.monitoring.checkSeconds * 1000;
    clock.set(new Date(start.getTime() + ttl - 1000));
    await checkAlerts(held);
    clock.set(new Date(start.getTime() + ttl + 1000));
    await checkAlerts(other);
    expect((await db.monitorLease.findUniqueOrThrow({ where: { name: alertLease } })).holder).toBe(holder);
    clock.set(new Date(start.getTime() + 2 * ttl));
    await checkAlerts(other);
    expect((await db.monitorLease.findUniqueOrThrow({ where: { name: alertLease } })).holder).toBe(
      other.config.monitoring.hostName,
    );

    // A host that stops gives it back: the other judges at its very next round.
    await stopCheckingAlerts(other);
    expect(await db.monitorLease.count({ where: { name: alertLease } })).toBe(0);
    clock.set(new Date(start.getTime() + 2 * ttl + 1000));
    await checkAlerts(held);
    expect((await db.monitorLease.findUniqueOrThrow({ where: { name: alertLease } })).holder).toBe(holder);
  });

  it('a lease: held by one holder, renewed by it, taken over once lapsed, given back', async () => {
    expect(await holdLease('job', 'a', start, 60_000)).toBe(true);
    expect(await holdLease('job', 'b', minutes(0.5), 60_000)).toBe(false);
    expect(await holdLease('job', 'a', minutes(0.9), 60_000)).toBe(true);
    expect(await holdLease('job', 'b', minutes(1.5), 60_000)).toBe(false);
    expect(await holdLease('job', 'b', minutes(2), 60_000)).toBe(true);
    expect(await holdLease('job', 'a', minutes(2), 60_000)).toBe(false);
    await releaseLease('job', 'a');
    expect(await holdLease('job', 'a', minutes(2), 60_000)).toBe(false);
    await releaseLease('job', 'b');
    const both = await Promise.all([
      holdLease('job', 'a', minutes(3), 60_000),
      holdLease('job', 'b', minutes(3), 60_000),
    ]);
    expect(both.filter(Boolean)).toHaveLength(1);
  });
});
