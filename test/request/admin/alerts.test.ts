import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { signInAdminAndAuthor, type SignedInAgent } from '#test/support/admin.ts';
import { expectSignInRedirect, expectAnonymousPostRefused, expectCsrfRefused } from '#test/request/admin/guards.ts';
import { db } from '#app/models/db.ts';

describe('admin alerts', () => {
  let t: TestApp;
  let admin: SignedInAgent;
  let author: SignedInAgent;
  const rule = { enabled: 'on', threshold: '2.5', windowMinutes: '10', repeatMinutes: '30' };

  beforeAll(async () => {
    t = await startTestApp();
    ({ admin, author } = await signInAdminAndAuthor(t.app));
  });
  afterAll(async () => {
    await t.close();
  });

  it('is for administrators only, and refuses forged forms', async () => {
    await expectSignInRedirect(t.app, '/admin/alerts');
    await author.get('/admin/alerts', 403);
    for (const path of ['/admin/alerts/rules/error-rate', '/admin/alerts/rules/error-rate/defaults']) {
      await expectAnonymousPostRefused(t.app, path, rule);
      await author.post(path, rule).expect(403);
      await expectCsrfRefused(admin, path, rule);
    }
    expect(await db.alertRule.count()).toBe(0);
  });

  it('shows every rule with its defaults, in the navigation, and no alert yet', async () => {
    const res = await admin.get('/admin/alerts');
    expect(res.text).toContain('href="/admin/alerts" class="current">Alerts</a>');
    for (const title of [
      'Error rate',
      'p99 latency',
      'Worker crash loop',
      'Disk space',
      'Database unreachable',
      'Replica lag',
      'Backup age',
    ])
      expect(res.text).toContain(`<legend>${title}</legend>`);
    expect(res.text).toContain('id="error-rate-threshold" name="threshold" inputmode="decimal" required value="5"');
    expect(res.text).toContain('id="backup-age-threshold" name="threshold" inputmode="decimal" required value="26"');
    // A rule that reads a current value has no window to set.
    expect(res.text).not.toContain('id="replica-lag-window"');
    expect(res.text).toContain('No alert is firing.');
    expect(res.text).toContain('No alert has fired yet.');
    expect(res.text).toContain('No channel is configured');
  });

  it('saves a rule, and resets it to its defaults', async () => {
    await admin.post('/admin/alerts/rules/error-rate', rule).expect(303).expect('Location', '/admin/alerts');
    expect(await db.alertRule.findUnique({ where: { kind: 'error-rate' } })).toMatchObject({
      enabled: true,
      threshold: 2.5,
      windowMinutes: 10,
      repeatMinutes: 30,
    });
    const page = await admin.get('/admin/alerts');
    expect(page.text).toContain('The Error rate rule is saved.');
    expect(page.text).toContain('<legend>Error rate <small>(changed)</small></legend>');
    expect(page.text).toContain('id="error-rate-threshold" name="threshold" inputmode="decimal" required value="2.5"');

    // Switched off: the checkbox is absent from the form.
    await admin
      .post('/admin/alerts/rules/disk-space', { threshold: '10', windowMinutes: '5', repeatMinutes: '360' })
      .expect(303);
    expect((await db.alertRule.findUniqueOrThrow({ where: { kind: 'disk-space' } })).enabled).toBe(false);

    await admin.post('/admin/alerts/rules/error-rate/defaults').expect(303);
    expect(await db.alertRule.findUnique({ where: { kind: 'error-rate' } })).toBeNull();
    expect((await admin.get('/admin/alerts')).text).toContain('The Error rate rule is back to its defaults.');
    await admin.post('/admin/alerts/rules/disk-space/defaults').expect(303);
  });

  it('refuses values out of range with a message beside each field, saving nothing', async () => {
    const res = await admin
      .post('/admin/alerts/rules/latency-p99', {
        enabled: 'on',
        threshold: 'fast',
        windowMinutes: '500',
        repeatMinutes: '1',
      })
      .expect(422);
    expect(res.text).toContain('Please correct the fields below; nothing was saved.');
    expect(res.text).toContain('The threshold must be a number from 1 to 60000 (ms).');
    expect(res.text).toContain('The window must be a whole number of minutes from 1 to 120.');
    expect(res.text).toContain('The repeat interval must be a whole number of minutes from 5 to 10080 (a week).');
    // The typed values come back, escaped.
    expect(res.text).toContain('id="latency-p99-threshold" name="threshold" inputmode="decimal" required value="fast"');
    const script = await admin
      .post('/admin/alerts/rules/latency-p99', {
        threshold: '"><script>x</script>',
        windowMinutes: '5',
        repeatMinutes: '5',
      })
      .expect(422);
    expect(script.text).not.toContain('<script>x</script>');
    expect(await db.alertRule.count()).toBe(0);
    await admin.post('/admin/alerts/rules/no-such-rule', rule).expect(404);
  });

  it("switches the administrator's own alert mail off and on in Your mail, and says which on Alerts", async () => {
    await admin.post('/admin/profile', { notifyComments: 'held' }).expect(303);
    expect((await db.user.findUniqueOrThrow({ where: { login: 'ada' } })).notifyAlerts).toBe(false);
    expect((await admin.get('/admin/alerts')).text).toContain('You are not mailed when an alert fires');
    await admin.post('/admin/profile', { notifyComments: 'held', notifyAlerts: 'on' }).expect(303);
    expect((await db.user.findUniqueOrThrow({ where: { login: 'ada' } })).notifyAlerts).toBe(true);
    expect((await admin.get('/admin/profile')).text).toMatch(/name="notifyAlerts" value="on" checked/);
    // An author's form has no such box, and posting it changes nothing.
    expect((await author.get('/admin/profile')).text).not.toContain('notifyAlerts');
    await author.post('/admin/profile', { notifyComments: 'held', notifyAlerts: '' }).expect(303);
    expect((await db.user.findFirstOrThrow({ where: { role: 'author' } })).notifyAlerts).toBe(true);
  });

  it('lists the alerts firing now and the recent ones', async () => {
    await db.alert.create({ data: { kind: 'disk-space', message: '4.0 % free under the data dir on web1' } });
    await db.alert.create({
      data: {
        kind: 'error-rate',
        state: 'resolved',
        message: '5xx answers: <b>9 %</b>',
        startedAt: new Date('2026-01-01T10:00:00Z'),
        resolvedAt: new Date('2026-01-01T10:20:00Z'),
        notifications: 3,
      },
    });
    const res = await admin.get('/admin/alerts');
    expect(res.text).toMatch(/<td>Disk space<\/td><td>4.0 % free under the data dir on web1<\/td>/);
    expect(res.text).toContain('<td>Error rate</td><td>5xx answers: &lt;b&gt;9 %&lt;/b&gt;</td>');
    expect(res.text).toContain('<td>3</td>');
  });
});
