/**
 * Monitoring and notifications, from the environment: who may read
 * /metrics, how often the pool is sampled and alerts are checked, this
 * host's name in the shared series, where the web server logs the pages it
 * answered from the page cache, and the mail and webhook channels.
 * Alert rules and who is notified of what are the admin's (database).
 */
import { hostname } from 'node:os';
import path from 'node:path';
import { ConfigError, integer, nonEmpty, oneOf, proxyList, type Env } from '#config/env-values.ts';
import { redactUrl } from '#app/database/url.ts';

export interface MonitoringConfig {
  /** Whether workers count requests at all (FOLIO_METRICS=off to measure their cost). */
  readonly metrics: boolean;
  /** Peers that may read GET /metrics without the token (FOLIO_METRICS_ALLOW; default loopback). */
  readonly metricsAllow: readonly string[];
  /** A bearer token that opens GET /metrics from anywhere (FOLIO_METRICS_TOKEN, at least 32 characters). */
  readonly metricsToken: string | undefined;
  /** Seconds between two samples of the pool into the activity series (FOLIO_ACTIVITY_SAMPLE_SECONDS, default 10). */
  readonly sampleSeconds: number;
  /** Seconds between two checks of the alert rules and of the notification outbox (FOLIO_ALERT_CHECK_SECONDS, default 30). */
  readonly checkSeconds: number;
  /** This host in the activity series, which several app hosts share (FOLIO_HOST_NAME, default the machine's name). */
  readonly hostName: string;
  /** The log in which the web server notes each page it served from the page cache (FOLIO_CACHE_HIT_LOG). */
  readonly cacheHitLog: string;
  /** smtp:// or smtps:// URL of the mail server (FOLIO_SMTP_URL); no mail is sent without it. */
  readonly smtpUrl: string | undefined;
  /** The From of every message (FOLIO_MAIL_FROM, default folio@ the blog's host). */
  readonly mailFrom: string;
  /** Where alerts are POSTed as JSON (FOLIO_ALERT_WEBHOOK_URL); none by default. */
  readonly webhookUrl: string | undefined;
  /** Signs each webhook: X-Folio-Signature: sha256=HMAC(secret, "<X-Folio-Timestamp>.<body>") (FOLIO_ALERT_WEBHOOK_SECRET; app/notifications/webhook.ts). */
  readonly webhookSecret: string | undefined;
}

export function monitoringConfig(env: Env, dataDir: string, baseUrl: string): MonitoringConfig {
  const metricsToken = env.FOLIO_METRICS_TOKEN === undefined ? undefined : nonEmpty(env, 'FOLIO_METRICS_TOKEN', '');
  if (metricsToken !== undefined && metricsToken.length < 32)
    throw new ConfigError('FOLIO_METRICS_TOKEN', 'must be at least 32 characters');
  const allow = env.FOLIO_METRICS_ALLOW === undefined ? ['loopback'] : proxyList(env, 'FOLIO_METRICS_ALLOW');
  const webhookUrl = optionalUrl(env, 'FOLIO_ALERT_WEBHOOK_URL', ['http:', 'https:']);
  const webhookSecret =
    env.FOLIO_ALERT_WEBHOOK_SECRET === undefined ? undefined : nonEmpty(env, 'FOLIO_ALERT_WEBHOOK_SECRET', '');
  if (webhookSecret !== undefined && webhookSecret.length < 16)
    throw new ConfigError('FOLIO_ALERT_WEBHOOK_SECRET', 'must be at least 16 characters');
  return Object.freeze({
    metrics: oneOf(env, 'FOLIO_METRICS', ['on', 'off'] as const, 'on') === 'on',
    metricsAllow: Object.freeze(allow),
    metricsToken,
    sampleSeconds: integer(env, 'FOLIO_ACTIVITY_SAMPLE_SECONDS', 10, 1, 300),
    checkSeconds: integer(env, 'FOLIO_ALERT_CHECK_SECONDS', 30, 1, 3600),
    hostName: nonEmpty(env, 'FOLIO_HOST_NAME', hostname() || 'localhost'),
    cacheHitLog: path.resolve(nonEmpty(env, 'FOLIO_CACHE_HIT_LOG', path.join(dataDir, 'log', 'cache-hits.log'))),
    smtpUrl: optionalUrl(env, 'FOLIO_SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: nonEmpty(env, 'FOLIO_MAIL_FROM', `Folio <folio@${new URL(baseUrl).hostname}>`),
    webhookUrl,
    webhookSecret,
  });
}

/** The variables environmentFor() hands a child process, so it monitors and mails as this one does. */
export function monitoringEnvironment(monitoring: MonitoringConfig): Record<string, string> {
  return {
    FOLIO_METRICS: monitoring.metrics ? 'on' : 'off',
    FOLIO_METRICS_ALLOW: monitoring.metricsAllow.join(',') || 'none',
    ...(monitoring.metricsToken ? { FOLIO_METRICS_TOKEN: monitoring.metricsToken } : {}),
    FOLIO_ACTIVITY_SAMPLE_SECONDS: String(monitoring.sampleSeconds),
    FOLIO_ALERT_CHECK_SECONDS: String(monitoring.checkSeconds),
    FOLIO_HOST_NAME: monitoring.hostName,
    FOLIO_CACHE_HIT_LOG: monitoring.cacheHitLog,
    ...(monitoring.smtpUrl ? { FOLIO_SMTP_URL: monitoring.smtpUrl } : {}),
    FOLIO_MAIL_FROM: monitoring.mailFrom,
    ...(monitoring.webhookUrl ? { FOLIO_ALERT_WEBHOOK_URL: monitoring.webhookUrl } : {}),
    ...(monitoring.webhookSecret ? { FOLIO_ALERT_WEBHOOK_SECRET: monitoring.webhookSecret } : {}),
  };
}

/** An optional URL with one of `protocols`; its password never appears in a message. */
function optionalUrl(env: Env, name: string, protocols: readonly string[]): string | undefined {
  if (env[name] === undefined) return undefined;
  const value = nonEmpty(env, name, '');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(name, `is not a valid URL: "${redactUrl(value)}"`);
  }
  if (!protocols.includes(url.protocol))
    throw new ConfigError(name, `expected a ${protocols.join(' or ')}// URL, got "${redactUrl(value)}"`);
  return value;
}
