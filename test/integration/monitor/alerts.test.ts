/**
 * An alert fires and resolves through both channels, end to end: a running
 * server (`folio serve`, whose monitor loop checks the rules every second
 * here), a real SMTP server (aiosmtpd) and a webhook receiver. The
 * condition is real: the data dir's disk is judged by statfs against a
 * threshold the admin raises above any free space (every disk is less than
 * 100 % free), then lowers below it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startServer } from '#test/support/cli.ts';
import { csrfFrom } from '#test/support/admin.ts';
import { startSmtpServer, type SmtpServer } from '#test/support/smtp-server.ts';
import { startWebhookReceiver, type WebhookReceiver } from '#test/support/webhook-receiver.ts';
import { signature } from '#app/notifications/webhook.ts';

describe('alerts through mail and webhook', () => {
  let dir: string;
  let smtp: SmtpServer;
  let hook: WebhookReceiver;
  let server: Awaited<ReturnType<typeof startServer>>;
  const secret = 'the-webhook-secret-of-this-test';

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'folio-alerts-'));
    [smtp, hook] = await Promise.all([startSmtpServer(path.join(dir, 'smtp')), startWebhookReceiver()]);
    server = await startServer({
      FOLIO_DATA_DIR: path.join(dir, 'data'),
      FOLIO_SMTP_URL: smtp.url,
      FOLIO_ALERT_WEBHOOK_URL: hook.url,
      FOLIO_ALERT_WEBHOOK_SECRET: secret,
      FOLIO_ALERT_CHECK_SECONDS: '1',
      FOLIO_ACTIVITY_SAMPLE_SECONDS: '1',
      FOLIO_HOST_NAME: 'web1',
    });
  });
  afterAll(async () => {
    await server?.stop();
    await smtp?.stop();
    await hook?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fires and resolves an alert, by mail to the administrator and by a signed webhook POST', async () => {
    const admin = request.agent(server.url);
    const setup = await admin.get('/admin/setup').expect(200);
    await admin
      .post('/admin/setup')
      .type('form')
      .send({
        _csrf: csrfFrom(setup.text),
        login: 'root',
        displayName: 'Root',
        email: 'root@example.com',
        password: 'a long enough passphrase for root',
        passwordConfirmation: 'a long enough passphrase for root',
      })
      .expect(303);
    const page = await admin.get('/admin/alerts').expect(200);
    const setDisk = (threshold: string) =>
      admin
        .post('/admin/alerts/rules/disk-space')
        .type('form')
        .send({ _csrf: csrfFrom(page.text), enabled: 'on', threshold, windowMinutes: '5', repeatMinutes: '360' })
        .expect(303);

    await setDisk('100');
    const [firing] = await smtp.waitForMessages(1);
    expect(firing!.recipients).toEqual(['root@example.com']);
    expect(firing!.subject).toMatch(/FIRING: Disk space$/);
    expect(firing!.text).toMatch(
      /Disk space is firing on .+: [\d.]+ % free \(.+\) under the data dir on web1 \(threshold 100 %\)/,
    );
    const [posted] = await hook.waitFor(1);
    expect(JSON.parse(posted!.body)).toMatchObject({ status: 'firing', rule: 'disk-space', threshold: 100 });
    expect(posted!.headers['x-folio-signature']).toBe(
      signature(secret, String(posted!.headers['x-folio-timestamp']), posted!.body),
    );
    expect((await admin.get('/admin/alerts').expect(200)).text).toMatch(/<td>Disk space<\/td><td>[\d.]+ % free/);

    await setDisk('0');
    const [, resolved] = await smtp.waitForMessages(2);
    expect(resolved!.subject).toMatch(/RESOLVED: Disk space$/);
    const [, back] = await hook.waitFor(2);
    const event = JSON.parse(back!.body) as Record<string, unknown>;
    expect(event).toMatchObject({ status: 'resolved', rule: 'disk-space', threshold: 0 });
    expect(Date.parse(String(event.resolvedAt))).toBeGreaterThan(Date.parse(String(event.startedAt)));
    expect(back!.headers['x-folio-signature']).toBe(
      signature(secret, String(back!.headers['x-folio-timestamp']), back!.body),
    );
    // Once each: nothing more while the rule's repeat (6 hours) has not come.
    expect(smtp.messages()).toHaveLength(2);
    expect(hook.requests).toHaveLength(2);
  });
});
