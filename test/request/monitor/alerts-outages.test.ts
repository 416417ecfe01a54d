/**
 * The two rules that watch PostgreSQL servers, against real ones stopped
 * under a running app: the database unreachable (the alert lives in memory
 * while it is down, and is written and resolved once it answers), and a
 * streaming replica's lag. On clusters of their own, so only in the
 * PostgreSQL project. The outage's FIRING goes out directly (the outbox is
 * in the database that is down) to a real SMTP server and webhook receiver.
 */
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestApp, testDatabaseKind, type TestApp } from '#test/support/app.ts';
import { createDatabase, startPostgresCluster, startReplica, type PostgresCluster } from '#test/support/postgres.ts';
import { capturedLog } from '#test/support/log.ts';
import { waitFor } from '#test/support/wait-for.ts';
import { ada } from '#test/fixtures/cast.ts';
import { ManualClock } from '#app/clock.ts';
import { applyMigrations } from '#app/models/migrator.ts';
import { db } from '#app/models/db.ts';
import type { MonitorContext } from '#app/monitor/context.ts';
import { checkAlerts } from '#app/monitor/alerts/check.ts';
import { deliverDueNotifications } from '#app/notifications/outbox.ts';
import { signature } from '#app/notifications/webhook.ts';
import { startSmtpServer, type SmtpServer } from '#test/support/smtp-server.ts';
import { startWebhookReceiver, type WebhookReceiver } from '#test/support/webhook-receiver.ts';
import { measureReplicaLag } from '#app/database/postgresql/replica-lag.ts';

describe.runIf(testDatabaseKind() === 'postgresql')('alerts on PostgreSQL outages', () => {
  let cluster: PostgresCluster;
  let replica: PostgresCluster;
  let t: TestApp;
  let smtp: SmtpServer;
  let hook: WebhookReceiver;
  const secret = 'a-webhook-secret-for-tests';
  const log = capturedLog();
  // From the wall clock's time: the outbox's rows are due from the database's now().
  const clock = new ManualClock(new Date());
  const later = (minutes: number) => clock.set(new Date(clock.now().getTime() + minutes * 60_000));
  let context: MonitorContext;

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    const url = await createDatabase(cluster, 'folio_alerts');
    await applyMigrations(url);
    replica = await startReplica(cluster);
    hook = await startWebhookReceiver();
    smtp = await startSmtpServer(path.join(cluster.dir, 'smtp'));
    t = await startTestApp({
      databaseUrl: url,
      logger: log.logger,
      clock,
      env: { FOLIO_SMTP_URL: smtp.url, FOLIO_ALERT_WEBHOOK_URL: hook.url, FOLIO_ALERT_WEBHOOK_SECRET: secret },
    });
    await ada();
    await db.alertRule.create({
      data: { kind: 'disk-space', enabled: false, threshold: 10, windowMinutes: 5, repeatMinutes: 360 },
    });
    context = { config: t.config, logger: log.logger, clock };
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
    await hook?.stop();
    await replica?.stop();
    await cluster?.stop();
  });

  it("measures a streaming replica's lag, and says why it has none when it cannot", async () => {
    // The setup's last writes may still be replaying on a busy machine: an idle replica, once caught up, is not behind.
    const lag = await waitFor(
      async () => {
        const measured = await measureReplicaLag(replica.url('postgres'));
        return 'lagSeconds' in measured && measured.lagSeconds === 0 ? measured : undefined;
      },
      { timeout: 15_000, message: 'the replica to catch up with its primary' },
    );
    expect(lag).toEqual({ lagSeconds: 0 });
    expect(await measureReplicaLag(cluster.url('postgres'))).toEqual({
      problem: 'postgresql://postgres@127.0.0.1:' + cluster.port + '/postgres is not a standby (promoted?)',
    });
  });

  it('fires after the threshold of failed checks, in memory, and is written and resolved once the database answers', async () => {
    await checkAlerts(context);
    await cluster.halt();
    const failures = () => log.lines.filter((l) => l.msg === 'the alert check could not reach the database');
    await checkAlerts(context);
    later(1);
    await checkAlerts(context);
    expect(failures()).toHaveLength(2);
    expect(log.lines.some((l) => String(l.msg).startsWith('alert FIRING'))).toBe(false);
    later(1);
    const firedAt = clock.now();
    await checkAlerts(context);
    const fired = log.lines.find((l) => String(l.msg).startsWith('alert FIRING'));
    expect(fired?.msg).toMatch(/^alert FIRING: the database failed 3 check\(s\) in a row \(threshold 3\) from \S+: /);
    // Sent at once, with the database down: to the admin read at the last good check, and to the webhook, signed.
    const [down] = await smtp.waitForMessages(1);
    expect(down).toMatchObject({ to: 'ada@example.com', subject: '[blog.test] FIRING: Database unreachable' });
    expect(down!.text).toContain(
      'Database unreachable is firing on blog.test: the database failed 3 check(s) in a row',
    );
    const [posted] = await hook.waitFor(1);
    expect(JSON.parse(posted!.body)).toMatchObject({
      status: 'firing',
      rule: 'database-unreachable',
      value: 3,
      threshold: 3,
      startedAt: firedAt.toISOString(),
      blog: 'http://blog.test',
    });
    expect(posted!.headers['x-folio-signature']).toBe(
      signature(secret, String(posted!.headers['x-folio-timestamp']), posted!.body),
    );
    // Not again before repeatMinutes (30 by default).
    later(1);
    await checkAlerts(context);
    expect(smtp.messages()).toHaveLength(1);
    expect(hook.requests).toHaveLength(1);

    // With the primary gone, its replica is not streaming: the replica-lag rule has its reason.
    const notStreaming = await waitFor(
      async () => {
        const lag = await measureReplicaLag(replica.url('postgres'));
        return 'problem' in lag && lag;
      },
      { timeout: 20_000, message: 'the replica to notice its primary is gone' },
    );
    expect(notStreaming.problem).toMatch(/is not streaming from the primary$/);

    await cluster.start();
    later(1);
    await waitFor(
      async () => {
        await checkAlerts(context);
        return (await db.alert.count()) > 0;
      },
      { timeout: 20_000, message: 'the outage to be written once the database answers' },
    );
    expect(await db.alert.findMany()).toMatchObject([
      {
        kind: 'database-unreachable',
        state: 'resolved',
        startedAt: firedAt,
        resolvedAt: clock.now(),
      },
    ]);
    expect(log.lines.some((l) => String(l.msg).startsWith('alert RESOLVED: the database answers'))).toBe(true);
    // The RESOLVED goes through the outbox, as every other notification does.
    expect(await deliverDueNotifications(context)).toEqual({ delivered: 2, failed: 0 });
    const [, resolved] = await smtp.waitForMessages(2);
    expect(resolved).toMatchObject({ to: 'ada@example.com', subject: '[blog.test] RESOLVED: Database unreachable' });
    const [, back] = await hook.waitFor(2);
    expect(JSON.parse(back!.body)).toMatchObject({ status: 'resolved', resolvedAt: clock.now().toISOString() });
  }, 60_000);
});
