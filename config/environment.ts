/**
 * The one place that reads process.env: every setting is validated once at
 * boot into a typed, frozen config. A bad value stops boot with a message
 * that names the variable.
 *
 * On a deployed host the app's environment also sits in the release's
 * .deploy-env (config/deploy-env.ts): a variable the process environment
 * does not set is taken from there, so commands work without sourcing it.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { appRoot } from '#app/root.ts';
import { redactUrl } from '#app/database/url.ts';
import { DeployEnvError, readDeployEnv } from '#config/deploy-env.ts';
import { ConfigError, integer, nonEmpty, oneOf, proxyList, type Env } from '#config/env-values.ts';
import { monitoringConfig, monitoringEnvironment, type MonitoringConfig } from '#config/monitoring.ts';
import { outboundConfig, outboundEnvironment, type OutboundConfig } from '#config/open-web.ts';

export { ConfigError } from '#config/env-values.ts';

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /**
   * Where uploads are stored (FOLIO_UPLOADS_DIR, default `<dataDir>/uploads`). With several app hosts,
   * one shared directory (an NFS mount, say) that every host mounts: see README, "Scaling out".
   */
  readonly uploadsDir: string;
  readonly databaseUrl: string;
  /** A PostgreSQL streaming replica of databaseUrl that reader pages may read from (DATABASE_REPLICA_URL). */
  readonly databaseReplicaUrl: string | undefined;
  readonly sessionSecret: string;
  /** Absolute site URL without a trailing slash, for feeds and sitemaps. */
  readonly baseUrl: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
  /** Names this process in log lines: "main" or the worker's number. */
  readonly workerName: string;
  /** Minimum seconds between rendering the comment form and submitting it. */
  readonly commentMinSeconds: number;
  /** Largest accepted upload, per file, in bytes (FOLIO_UPLOAD_MAX_MB). */
  readonly uploadMaxBytes: number;
  /** Largest export file the admin's Tools → Import accepts, in bytes (FOLIO_IMPORT_MAX_MB, default 512). */
  readonly importMaxBytes: number;
  /** Whether public pages are written to the page cache and served from it (`FOLIO_PAGE_CACHE=off` to measure cold renders). */
  readonly pageCache: boolean;
  /**
   * The reverse proxies whose X-Forwarded-For/-Proto are believed when Folio serves HTTP itself
   * (FOLIO_TRUSTED_PROXY: addresses, CIDR ranges or `loopback`, comma-separated; default none).
   * Only the directly connected peer is matched, so exactly one hop is read. FastCGI ignores it.
   */
  readonly trustedProxies: readonly string[];
  /** Metrics, activity series, alerts, mail and webhooks (config/monitoring.ts). */
  readonly monitoring: MonitoringConfig;
  /** Requests to other sites: webmentions, WebSub pings, IndieAuth clients (config/open-web.ts). */
  readonly outbound: OutboundConfig;
}

/**
 * Reads and validates the environment (`env`, then `<root>/.deploy-env` for
 * what `env` leaves unset); creates the data dir and the session secret if missing.
 */
export function loadConfig(given: Env = process.env, root: string = appRoot): Config {
  const env = withDeployEnv(given, root);
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const host = nonEmpty(env, 'HOST', '127.0.0.1');
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const dataDir = path.resolve(nonEmpty(env, 'FOLIO_DATA_DIR', './data'));
  ensureDir(dataDir, 'FOLIO_DATA_DIR');
  const databaseUrl = nonEmpty(env, 'DATABASE_URL', `file:${path.join(dataDir, 'folio.db')}`);
  if (!/^(file:|postgres(ql)?:\/\/)/.test(databaseUrl))
    throw new ConfigError('DATABASE_URL', `expected a file: (SQLite) or postgresql:// URL, got "${databaseUrl}"`);
  const siteUrl = baseUrl(env, host, port);
  return Object.freeze({
    env: nodeEnv,
    host,
    port,
    dataDir,
    uploadsDir: uploadsDir(env, dataDir),
    databaseUrl,
    databaseReplicaUrl: replicaUrl(env, databaseUrl),
    sessionSecret: env.SESSION_SECRET ? secret(env.SESSION_SECRET) : storedSecret(dataDir),
    baseUrl: siteUrl,
    logLevel: oneOf(
      env,
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'silent'] as const,
      nodeEnv === 'test' ? 'silent' : 'info',
    ),
    workerName: nonEmpty(env, 'FOLIO_WORKER', 'main'),
    commentMinSeconds: integer(env, 'FOLIO_COMMENT_MIN_SECONDS', 3, 0, 3600),
    uploadMaxBytes: integer(env, 'FOLIO_UPLOAD_MAX_MB', 10, 1, 1024) * 1024 * 1024,
    importMaxBytes: integer(env, 'FOLIO_IMPORT_MAX_MB', 512, 1, 16_384) * 1024 * 1024,
    pageCache: oneOf(env, 'FOLIO_PAGE_CACHE', ['on', 'off'] as const, 'on') === 'on',
    trustedProxies: Object.freeze(proxyList(env, 'FOLIO_TRUSTED_PROXY')),
    monitoring: monitoringConfig(env, dataDir, siteUrl),
    outbound: outboundConfig(env, siteUrl),
  });
}

/**
 * The environment under which `loadConfig` gives a child process (an
 * import job, app/models/import-job/launch.ts) this very config: `base`
 * (this process's environment) with every setting spelled out, so the child
 * reads the same database and folders even when this config did not come
 * from the environment (tests).
 */
export function environmentFor(config: Config, base: Env = process.env): Record<string, string> {
  const inherited = Object.entries(base).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return {
    ...Object.fromEntries(inherited),
    NODE_ENV: config.env,
    FOLIO_DATA_DIR: config.dataDir,
    FOLIO_UPLOADS_DIR: config.uploadsDir,
    DATABASE_URL: config.databaseUrl,
    ...(config.databaseReplicaUrl ? { DATABASE_REPLICA_URL: config.databaseReplicaUrl } : {}),
    SESSION_SECRET: config.sessionSecret,
    BASE_URL: config.baseUrl,
    LOG_LEVEL: config.logLevel,
    FOLIO_UPLOAD_MAX_MB: String(config.uploadMaxBytes / 1024 / 1024),
    FOLIO_IMPORT_MAX_MB: String(config.importMaxBytes / 1024 / 1024),
    FOLIO_PAGE_CACHE: config.pageCache ? 'on' : 'off',
    ...monitoringEnvironment(config.monitoring),
    ...outboundEnvironment(config.outbound),
  };
}

function withDeployEnv(env: Env, root: string): Env {
  let deployed: Env;
  try {
    deployed = readDeployEnv(root);
  } catch (error) {
    if (error instanceof DeployEnvError) throw new ConfigError(error.file, error.problem);
    throw error;
  }
  const merged: Env = { ...deployed };
  for (const [name, value] of Object.entries(env)) if (value !== undefined) merged[name] = value;
  return merged;
}

/** Optional; a replica only exists for PostgreSQL. Its password never appears in a message. */
function replicaUrl(env: Env, databaseUrl: string): string | undefined {
  const name = 'DATABASE_REPLICA_URL';
  const raw = env[name];
  if (raw === undefined) return undefined;
  const value = nonEmpty(env, name, '');
  if (!/^postgres(ql)?:\/\/[^/]/i.test(value))
    throw new ConfigError(name, `expected a postgresql://USER@HOST:PORT/DATABASE URL, got "${redactUrl(value)}"`);
  if (!/^postgres(ql)?:\/\//i.test(databaseUrl))
    throw new ConfigError(name, 'needs a PostgreSQL DATABASE_URL (a streaming replica is a PostgreSQL feature)');
  try {
    new URL(value);
  } catch {
    throw new ConfigError(name, `is not a valid URL: "${redactUrl(value)}"`);
  }
  if (value === databaseUrl) throw new ConfigError(name, 'names the same database as DATABASE_URL');
  return value;
}

function baseUrl(env: Env, host: string, port: number): string {
  const raw = env.BASE_URL ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('BASE_URL', `expected an absolute http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError('BASE_URL', `expected http or https, got "${raw}"`);
  return url.toString().replace(/\/+$/, '');
}

function uploadsDir(env: Env, dataDir: string): string {
  const given = env.FOLIO_UPLOADS_DIR?.trim();
  if (!given) return path.join(dataDir, 'uploads');
  const dir = path.resolve(given);
  ensureDir(dir, 'FOLIO_UPLOADS_DIR');
  return dir;
}

function secret(value: string): string {
  if (value.length < 32) throw new ConfigError('SESSION_SECRET', 'must be at least 32 characters');
  return value;
}

/**
 * Generated once per data dir, so sessions survive restarts without configuration. Several
 * processes may boot on a new data dir at once (a pool's workers, hosts migrating together), so
 * there is no "does it exist yet" check to race on: each process writes a candidate and links it
 * into place, the first link wins (a link appears whole; a file being written does not), and
 * every process reads the winner.
 */
function storedSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret');
  const candidate = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(candidate, randomBytes(48).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
  try {
    linkSync(candidate, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(candidate);
  }
  return secret(readFileSync(file, 'utf8').trim());
}

function ensureDir(dir: string, variable: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new ConfigError(variable, `cannot create ${dir}: ${(error as Error).message}`);
  }
}
