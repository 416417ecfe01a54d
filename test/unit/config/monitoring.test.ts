import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, environmentFor, ConfigError } from '#config/environment.ts';

describe('the monitoring settings', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'folio-config-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const load = (env: Record<string, string>) => loadConfig({ FOLIO_DATA_DIR: dir, ...env }).monitoring;

  it('default to metrics on for loopback only, a 10 s sample, no mail, no webhook', () => {
    const monitoring = load({ BASE_URL: 'https://blog.example.org' });
    expect(monitoring).toMatchObject({
      metrics: true,
      metricsAllow: ['loopback'],
      metricsToken: undefined,
      sampleSeconds: 10,
      checkSeconds: 30,
      cacheHitLog: path.join(dir, 'log', 'cache-hits.log'),
      smtpUrl: undefined,
      mailFrom: 'Folio <folio@blog.example.org>',
      webhookUrl: undefined,
    });
    expect(monitoring.hostName).not.toBe('');
  });

  it('pass to a child process as they are', () => {
    const config = loadConfig({
      FOLIO_DATA_DIR: dir,
      FOLIO_METRICS_ALLOW: '10.0.0.0/8, 192.168.1.5',
      FOLIO_METRICS_TOKEN: 'x'.repeat(40),
      FOLIO_SMTP_URL: 'smtp://mailer:secret@mail.example.org:587',
      FOLIO_ALERT_WEBHOOK_URL: 'https://hooks.example.org/folio',
      FOLIO_ALERT_WEBHOOK_SECRET: 'y'.repeat(20),
      FOLIO_HOST_NAME: 'app2',
    });
    expect(loadConfig(environmentFor(config, {})).monitoring).toEqual(config.monitoring);
    const none = loadConfig({ FOLIO_DATA_DIR: dir, FOLIO_METRICS_ALLOW: 'none' });
    expect(loadConfig(environmentFor(none, {})).monitoring.metricsAllow).toEqual([]);
  });

  it.each([
    [{ FOLIO_METRICS: 'yes' }, /^FOLIO_METRICS: expected one of on, off/],
    [{ FOLIO_METRICS_ALLOW: 'everyone' }, /^FOLIO_METRICS_ALLOW: expected IP addresses/],
    [{ FOLIO_METRICS_TOKEN: 'short' }, /^FOLIO_METRICS_TOKEN: must be at least 32/],
    [{ FOLIO_ACTIVITY_SAMPLE_SECONDS: '0' }, /^FOLIO_ACTIVITY_SAMPLE_SECONDS: expected 1\.\.300/],
    [{ FOLIO_SMTP_URL: 'http://mailer:hunter2@mail.example.org' }, /^FOLIO_SMTP_URL: expected a smtp: or smtps:/],
    [{ FOLIO_SMTP_URL: 'smtp://mailer:hunter2@mail.example.org:99999' }, /^FOLIO_SMTP_URL: is not a valid URL/],
    [{ FOLIO_ALERT_WEBHOOK_URL: 'ftp://hooks.example.org' }, /^FOLIO_ALERT_WEBHOOK_URL: expected a http: or https:/],
    [{ FOLIO_ALERT_WEBHOOK_SECRET: 'short' }, /^FOLIO_ALERT_WEBHOOK_SECRET: must be at least 16/],
  ])('stop on %j with a message naming the variable, never a password', (env, problem) => {
    const attempt = () => load(env);
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(problem);
    expect(attempt).not.toThrow(/hunter2/);
  });
});
