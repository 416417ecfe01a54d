import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { ManualClock } from '#app/clock.ts';
import { db } from '#app/models/db.ts';
import { failedNotificationCount } from '#app/models/notification.ts';
import type { MonitorContext } from '#app/monitor/context.ts';
import { deliverDueNotifications, enqueueEmail, enqueueWebhook } from '#app/notifications/outbox.ts';
import { signInAdminAndAuthor, type SignedInAgent } from '#test/support/admin.ts';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { startSmtpServer, type SmtpServer } from '#test/support/smtp-server.ts';
import { expectAnonymousPostRefused, expectCsrfRefused, expectSignInRedirect } from '#test/request/admin/guards.ts';

// Admin → Notifications with a real SMTP server: a mail given up while the
// server was down is listed with its error and tries, "Send now" sends it
// once the server is back, and a waiting one can be deleted.

let t: TestApp;
let smtp: SmtpServer;
let admin: SignedInAgent;
let author: SignedInAgent;
let clock: ManualClock;
let context: MonitorContext;
const hookUrl = 'https://hooks.example.test/services/T0SECRET/B0SECRET';

beforeAll(async () => {
  clock = new ManualClock(new Date(Date.now() + 1_000));
  const hook = { FOLIO_ALERT_WEBHOOK_URL: hookUrl };
  t = await startTestApp({ clock, env: hook });
  smtp = await startSmtpServer(t.dir);
  context = {
    config: { ...t.config, monitoring: { ...t.config.monitoring, smtpUrl: smtp.url } },
    logger: pino({ level: 'silent' }),
    clock,
  };
  ({ admin, author } = await signInAdminAndAuthor(t.app));
});
afterAll(async () => {
  await smtp.stop();
  await t.close();
});

const later = (ms: number) => clock.set(new Date(clock.now().getTime() + ms));
// A row is due from when it was queued (the wall clock): the test's clock is brought past that first.
const caughtUp = () => clock.set(new Date(Math.max(Date.now(), clock.now().getTime()) + 1_000));

describe('admin notifications', () => {
  it('is for administrators only, and its forms need the CSRF token', async () => {
    await expectSignInRedirect(t.app, '/admin/notifications');
    await author.get('/admin/notifications', 403);
    const { id } = await db.notification.create({
      data: { channel: 'email', purpose: 'alert', recipient: 'a@example.test', body: 'x' },
    });
    for (const path of [`/admin/notifications/${id}/delivery`, `/admin/notifications/${id}/deletion`]) {
      await expectAnonymousPostRefused(t.app, path);
      await author.post(path).expect(403);
      await expectCsrfRefused(admin, path);
    }
    expect(await db.notification.count()).toBe(1);
    await db.notification.deleteMany();
  });

  it('shows a mail given up while SMTP was down, with its error and tries; Send now delivers it', async () => {
    await enqueueEmail({ to: 'ada@example.test', subject: 'Alert: <errors> up', text: 'x' }, 'alert');
    await smtp.stop();
    caughtUp();
    try {
      for (let attempt = 1; attempt <= 8; attempt += 1) {
        expect(await deliverDueNotifications(context)).toEqual({ delivered: 0, failed: 1 });
        later(61 * 60_000);
      }
    } finally {
      await smtp.start();
    }
    expect(await failedNotificationCount()).toBe(1);
    const { id } = await db.notification.findFirstOrThrow();

    const page = await admin.get('/admin/notifications');
    expect(page.text).toContain('href="/admin/notifications" class="current">Notifications</a>');
    const failed = section(page.text, 'notifications-failed');
    expect(failed).toContain('ada@example.test');
    expect(failed).toContain('Alert: &lt;errors&gt; up');
    expect(failed).toMatch(/<td>8<\/td>/);
    expect(failed).toMatch(/ECONNREFUSED/);
    expect(failed).toContain(`action="/admin/notifications/${id}/delivery"`);

    const sent = await admin.post(`/admin/notifications/${id}/delivery`).expect(303);
    expect(sent.headers.location).toBe('/admin/notifications');
    const row = await db.notification.findUniqueOrThrow({ where: { id } });
    expect(row.failedAt).toBeNull();
    expect(row.nextAttemptAt).toEqual(clock.now());
    expect(await failedNotificationCount()).toBe(0);
    expect((await admin.get('/admin/notifications')).text).toContain('sent at the outbox');

    expect(await deliverDueNotifications(context)).toEqual({ delivered: 1, failed: 0 });
    await smtp.waitForMessages(1, (m) => m.subject === 'Alert: <errors> up');
    const after = await admin.get('/admin/notifications');
    expect(section(after.text, 'notifications-delivered')).toContain('Alert: &lt;errors&gt; up');
    expect(after.text).not.toContain('notifications-failed');
    await admin.post(`/admin/notifications/${id}/delivery`).expect(404); // delivered: nothing to send
  });

  it('lists what waits, a webhook by its host only, and deletes one', async () => {
    await enqueueWebhook(hookUrl, { type: 'alert.fired' }, 'alert');
    const { id } = await db.notification.findFirstOrThrow({ where: { channel: 'webhook' } });
    const page = await admin.get('/admin/notifications');
    const waiting = section(page.text, 'notifications-waiting');
    expect(waiting).toContain('hooks.example.test');
    expect(waiting).toContain('alert.fired');
    expect(page.text).not.toContain('T0SECRET');

    await admin.post(`/admin/notifications/${id}/deletion`).expect(303);
    expect(await db.notification.findUnique({ where: { id } })).toBeNull();
    await admin.post(`/admin/notifications/${id}/deletion`).expect(404);
  });
});

/** The table with `className`, or '' when the page has none. */
function section(html: string, className: string): string {
  return new RegExp(`<table class="list ${className}">[\\s\\S]*?</table>`).exec(html)?.[0] ?? '';
}
