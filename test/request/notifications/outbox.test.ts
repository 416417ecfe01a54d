import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { pino } from 'pino';
import { ManualClock } from '#app/clock.ts';
import { db } from '#app/models/db.ts';
import type { MonitorContext } from '#app/monitor/context.ts';
import { deliverDueNotifications, enqueueEmail, enqueueWebhook } from '#app/notifications/outbox.ts';
import { noSmtpServer } from '#app/notifications/mailer.ts';
import { folioVersion } from '#app/version.ts';
import { freePort } from '#test/support/ports.ts';
import { startSmtpServer, type SmtpServer } from '#test/support/smtp-server.ts';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { startWebhookReceiver, type WebhookReceiver } from '#test/support/webhook-receiver.ts';

// The outbox against a real SMTP server (aiosmtpd) and a real webhook
// receiver, on this project's database (SQLite or PostgreSQL): mail and
// signed webhooks delivered, a server that is down retried with a growing
// wait, nothing sent twice by two deliverers at once, and old rows pruned.

const secret = 'a-webhook-secret-of-some-length';
const minute = 60_000;
let t: TestApp;
let smtp: SmtpServer;
let hook: WebhookReceiver;
let clock: ManualClock;
let context: MonitorContext;

beforeAll(async () => {
  hook = await startWebhookReceiver();
  t = await startTestApp({ env: { FOLIO_ALERT_WEBHOOK_URL: hook.url, FOLIO_ALERT_WEBHOOK_SECRET: secret } });
  smtp = await startSmtpServer(t.dir);
  // A row is due from when it is queued (the wall clock); the test's clock runs a little ahead and then as told.
  clock = new ManualClock(new Date(Date.now() + 1_000));
  context = withMonitoring({ smtpUrl: smtp.url });
});
afterAll(async () => {
  await smtp.stop();
  await hook.stop();
  await t.close();
});
beforeEach(async () => {
  await db.notification.deleteMany();
  clock.set(new Date(Math.max(Date.now(), clock.now().getTime()) + 1_000));
});

function withMonitoring(changes: Partial<TestApp['config']['monitoring']>): MonitorContext {
  const config = { ...t.config, monitoring: { ...t.config.monitoring, ...changes } };
  return { config, logger: pino({ level: 'silent' }), clock };
}

const later = (ms: number) => clock.set(new Date(clock.now().getTime() + ms));

describe('deliverDueNotifications', () => {
  it('delivers mail through SMTP with its subject, bodies and headers, From the configured sender', async () => {
    await enqueueEmail(
      {
        to: 'ada@example.test',
        subject: 'A new comment on “Hello”',
        text: 'Grace wrote: nice post.',
        html: '<p>Grace wrote: <em>nice post</em>.</p>',
        headers: { 'List-Unsubscribe': '<http://blog.test/unsubscribe/x>' },
      },
      'comment',
    );
    expect(await deliverDueNotifications(context)).toEqual({ delivered: 1, failed: 0 });
    const [mail] = await smtp.waitForMessages(1);
    expect(mail).toMatchObject({
      from: t.config.monitoring.mailFrom,
      to: 'ada@example.test',
      subject: 'A new comment on “Hello”',
      text: 'Grace wrote: nice post.',
      html: '<p>Grace wrote: <em>nice post</em>.</p>',
    });
    expect(mail!.headers['list-unsubscribe']).toBe('<http://blog.test/unsubscribe/x>');
    const row = await db.notification.findFirstOrThrow();
    expect(row).toMatchObject({ attempts: 1, lastError: '', claimedUntil: null, failedAt: null });
    expect(row.deliveredAt).toEqual(clock.now());
    expect(await deliverDueNotifications(context)).toEqual({ delivered: 0, failed: 0 });
  });

  it('queues mail inside the caller’s transaction: rolled back, nothing is sent', async () => {
    await expect(
      db.$transaction(async (tx) => {
        await enqueueEmail({ to: 'x@example.test', subject: 'never', text: '' }, 'comment', tx);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await db.notification.count()).toBe(0);
  });

  it('POSTs webhooks as JSON, signed over the timestamp and the body', async () => {
    await enqueueWebhook(hook.url, { type: 'alert.fired', alert: { kind: 'error-rate' } }, 'alert');
    await enqueueWebhook(undefined, { type: 'ignored' }, 'alert');
    expect(await db.notification.count()).toBe(1);
    const before = hook.requests.length;
    expect(await deliverDueNotifications(context)).toEqual({ delivered: 1, failed: 0 });
    const request = (await hook.waitFor(before + 1))[before]!;
    expect(request.method).toBe('POST');
    expect(JSON.parse(request.body)).toEqual({ type: 'alert.fired', alert: { kind: 'error-rate' } });
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['user-agent']).toBe(`Folio/${folioVersion()}`);
    expect(request.headers['x-folio-event']).toBe('alert.fired');
    const timestamp = request.headers['x-folio-timestamp'] as string;
    expect(Number(timestamp)).toBe(Math.floor(clock.now().getTime() / 1000));
    // What a receiver does (README): HMAC-SHA256 of "<timestamp>.<raw body>" with the shared secret.
    const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(request.rawBody).digest('hex');
    expect(request.headers['x-folio-signature']).toBe(`sha256=${expected}`);
  });

  it('retries while SMTP is down, waiting longer each time, and delivers once it is back', async () => {
    await enqueueEmail({ to: 'ada@example.test', subject: 'while down', text: 'x' }, 'alert');
    await smtp.stop();
    try {
      expect(await deliverDueNotifications(context)).toEqual({ delivered: 0, failed: 1 });
      const first = await db.notification.findFirstOrThrow();
      expect(first.attempts).toBe(1);
      expect(first.lastError).toMatch(/ECONNREFUSED/);
      expect(first.claimedUntil).toBeNull();
      const firstWait = first.nextAttemptAt.getTime() - clock.now().getTime();
      expect(firstWait).toBeGreaterThanOrEqual(0.8 * minute);
      expect(firstWait).toBeLessThanOrEqual(minute);

      expect(await deliverDueNotifications(context)).toEqual({ delivered: 0, failed: 0 }); // not due yet
      clock.set(first.nextAttemptAt);
      expect(await deliverDueNotifications(context)).toEqual({ delivered: 0, failed: 1 });
      const second = await db.notification.findFirstOrThrow();
      expect(second.attempts).toBe(2);
      expect(second.nextAttemptAt.getTime() - clock.now().getTime()).toBeGreaterThan(firstWait);
      clock.set(second.nextAttemptAt);
    } finally {
      await smtp.start();
    }
    expect(await deliverDueNotifications(context)).toEqual({ delivered: 1, failed: 0 });
    await smtp.waitForMessages(1, (m) => m.subject === 'while down');
    expect(await db.notification.findFirstOrThrow()).toMatchObject({ attempts: 3, lastError: '' });
  });

  it('never puts the SMTP password in the last error', async () => {
    const closed = await freePort();
    const down = withMonitoring({ smtpUrl: `smtp://folio:pa%24%24word-s3cret@127.0.0.1:${closed}` });
    await enqueueEmail({ to: 'ada@example.test', subject: 'x', text: 'x' }, 'alert');
    expect(await deliverDueNotifications(down)).toEqual({ delivered: 0, failed: 1 });
    const { lastError } = await db.notification.findFirstOrThrow();
    expect(lastError).toMatch(/ECONNREFUSED/);
    expect(lastError).not.toMatch(/s3cret|pa\$\$word|pa%24%24word/);
  });

  it('gives a failing webhook up after 8 attempts, with the answer it got', async () => {
    await enqueueWebhook(hook.url, { type: 'alert.fired' }, 'alert');
    hook.failNext(8);
    for (let attempt = 1; attempt <= 8; attempt += 1) {
      expect(await deliverDueNotifications(context)).toEqual({ delivered: 0, failed: 1 });
      later(61 * minute);
    }
    const row = await db.notification.findFirstOrThrow();
    expect(row).toMatchObject({ attempts: 8, lastError: 'the webhook answered HTTP 500 Internal Server Error' });
    expect(row.failedAt).not.toBeNull();
    expect(await deliverDueNotifications(context)).toEqual({ delivered: 0, failed: 0 });
  });

  it('keeps mail unsent, saying why, when no SMTP server is configured; webhooks still go', async () => {
    await enqueueEmail({ to: 'ada@example.test', subject: 'kept', text: 'x' }, 'comment');
    await enqueueWebhook(hook.url, { type: 'alert.resolved' }, 'alert');
    const noMail = withMonitoring({ smtpUrl: undefined });
    expect(await deliverDueNotifications(noMail)).toEqual({ delivered: 1, failed: 0 });
    const mail = await db.notification.findFirstOrThrow({ where: { channel: 'email' } });
    expect(mail).toMatchObject({ attempts: 0, lastError: noSmtpServer, deliveredAt: null, failedAt: null });
    // Configured later: it goes.
    expect(await deliverDueNotifications(context)).toEqual({ delivered: 1, failed: 0 });
    await smtp.waitForMessages(1, (m) => m.subject === 'kept');
  });

  it('never sends one row twice when two deliverers run at once', async () => {
    const subjects = Array.from({ length: 12 }, (_, i) => `concurrent ${i}`);
    for (const subject of subjects) await enqueueEmail({ to: 'ada@example.test', subject, text: 'x' }, 'alert');
    const [a, b] = await Promise.all([deliverDueNotifications(context), deliverDueNotifications(context)]);
    expect(a.delivered + b.delivered).toBe(12);
    expect(a.failed + b.failed).toBe(0);
    const received = (await smtp.waitForMessages(12, (m) => m.subject.startsWith('concurrent '))).map((m) => m.subject);
    expect(received.sort()).toEqual([...subjects].sort());
    expect(await db.notification.count({ where: { deliveredAt: null } })).toBe(0);
  });

  it('prunes delivered and given-up rows after 30 days', async () => {
    const old = new Date(clock.now().getTime() - 31 * 24 * 60 * minute);
    const recent = new Date(clock.now().getTime() - 29 * 24 * 60 * minute);
    const row = { channel: 'webhook', purpose: 'alert', recipient: hook.url, body: '{}' };
    await db.notification.createMany({
      data: [
        { ...row, subject: 'old delivered', deliveredAt: old },
        { ...row, subject: 'old failed', failedAt: old },
        { ...row, subject: 'recent delivered', deliveredAt: recent },
      ],
    });
    await deliverDueNotifications(context);
    expect((await db.notification.findMany()).map((n) => n.subject)).toEqual(['recent delivered']);
  });
});
