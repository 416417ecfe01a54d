/**
 * `npm run config:apache -- --server-name NAME [options]`, `npm run
 * config:nginx -- ...` and `npm run config:lighttpd -- ...`: print the web
 * server's site config.
 *
 *   --server-name NAME          the site's host name (required)
 *   --port P                    default 80, or 443 with TLS
 *   --tls-cert FILE --tls-key FILE   serve HTTPS (and redirect port 80 to it)
 *   --count N --listen HOST:PORT | --socket-dir DIR   the worker pool, as given to `npm run workers -- start`
 *   --balancer HOST:PORT,HOST:PORT   instead of --listen: the workers are on several app hosts, each
 *                               started with `--count N --listen HOST:PORT` (see balancer-option.ts)
 *   --root DIR                  the app as deployed (default: this checkout); public/ is its document root
 *   --bind ADDRESS              the address to listen on (default: all)
 *   --log-dir DIR               where the web server writes Folio's logs
 *
 * With TLS, or when BASE_URL is https: (TLS then ends at a proxy in front of
 * this server, and it tells the workers HTTPS=on), the config sends the
 * TLS-only headers: Strict-Transport-Security and CSP upgrade-insecure-requests.
 *
 * The page cache root is $FOLIO_DATA_DIR/cache, as the workers see it (with
 * --balancer, this host's own: cached pages are served from the local disk,
 * whichever host wrote them). Apache and nginx note each page they serve from
 * it in the cache-hit log (FOLIO_CACHE_HIT_LOG, default
 * $FOLIO_DATA_DIR/log/cache-hits.log), which the supervisor counts. Apache
 * and nginx send cached pages' Webmention Link header (BASE_URL's endpoint)
 * while the page cache's marker file says webmentions are on; lighttpd cannot
 * test a file outside its rewrites, so it sends none. The integration tests
 * start Apache, nginx and lighttpd with this very output.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import helmet from 'helmet';
import { loadConfig } from '#config/environment.ts';
import { pageCacheRoot, cachedContentTypes } from '#config/page-cache.ts';
import { securityHeaderOptions } from '#config/application.ts';
import { parseOptions, poolOptions, numberOption, workerPool } from '#app/commands/arguments.ts';
import { CliError } from '#app/commands/cli-error.ts';
import { balancerHosts } from '#app/commands/balancer-option.ts';
import { formatAddress, slotAddresses, type WorkerAddress } from '#app/server/pool/address.ts';
import { resolveOptions } from '#app/server/fastcgi/options.ts';
import { htmlPathPattern, feedPathPattern, excludedFirstSegments } from '#app/page-cache/paths.ts';
import { headersSetBy } from '#app/page-cache/static-headers.ts';
import { webmentionMarkerFile } from '#app/page-cache/webmention-marker.ts';
import { webmentionLinkHeader } from '#app/presenters/discovery-links.ts';
import { appRoot } from '#app/root.ts';
import { declaresTls } from '#app/middleware/tls.ts';
import { createServedMap, servedMapFile } from '#app/models/redirect/served-map.ts';
import {
  apacheCacheHitFormat,
  apacheCacheHitVariable,
  nginxCacheHitFormat,
} from '#app/monitor/cache-hits/log-format.ts';

export type WebServer = 'apache' | 'lighttpd' | 'nginx';

/** What a site config is made from; `renderWebServerConfig` fills in the rest. */
export interface SiteOptions {
  serverName: string;
  /** The blog's BASE_URL: cached pages advertise its Webmention endpoint. */
  baseUrl: string;
  port?: number;
  tls?: { cert: string; key: string } | null;
  /** The site is https: (BASE_URL) even without a certificate here: TLS ends in front of this server. */
  declaredTls?: boolean;
  /** The deployed app; its public/ is the document root. */
  appRoot: string;
  cacheRoot: string;
  /** Every worker requests are sent to: this host's pool, or every app host's with `balanced`. */
  workers: readonly WorkerAddress[];
  /**
   * The workers are on several app hosts (--balancer): a worker that fails is left out for a few seconds
   * instead of being tried again on the next request (a host that is down may not even refuse connections),
   * and connecting gives up after a short timeout.
   */
  balanced?: boolean;
  bind?: string;
  logDir?: string;
  /** Apache: the redirects map the workers keep (app/models/redirect/served-map.ts); without it, workers answer them. */
  redirectMap?: string;
  /**
   * Apache and nginx: where to note each page served from the page cache (app/monitor/cache-hits/log-format.ts),
   * which the supervisor counts; without it, none is written. lighttpd writes none (see README).
   */
  cacheHitLog?: string;
}

const templates: Record<WebServer, string> = {
  apache: path.join(appRoot, 'deploy/templates/apache.conf.ejs'),
  lighttpd: path.join(appRoot, 'deploy/templates/lighttpd.conf.ejs'),
  nginx: path.join(appRoot, 'deploy/templates/nginx.conf.ejs'),
};
const defaultLogDirs: Record<WebServer, string> = {
  apache: '${APACHE_LOG_DIR}',
  lighttpd: '/var/log/lighttpd',
  nginx: '/var/log/nginx',
};

/** The command: parses the options, prints the config. */
export async function configWebServer(server: WebServer, args: string[]): Promise<void> {
  const site = siteFromArgs(server, args);
  // Apache refuses to start with a RewriteMap file that is missing: an empty one, which the workers fill.
  if (server === 'apache' && site.redirectMap) createServedMap(site.redirectMap);
  // Neither server creates a log's folder, and neither starts without it.
  if (server !== 'lighttpd' && site.cacheHitLog) mkdirSync(path.dirname(site.cacheHitLog), { recursive: true });
  process.stdout.write(
    await renderWebServerConfig(server, site, `npm run config:${server} -- ${args.join(' ')}`.trim()),
  );
}

export async function renderWebServerConfig(
  server: WebServer,
  options: SiteOptions,
  command = `npm run config:${server}`,
): Promise<string> {
  const tls = options.tls ?? null;
  const port = options.port ?? (tls ? 443 : 80);
  const overTls = tls !== null || options.declaredTls === true;
  const { 'Strict-Transport-Security': hsts, ...securityHeaders } = headersSetBy(
    helmet(securityHeaderOptions(overTls)),
  );
  const site = {
    ...options,
    command,
    port,
    tls,
    redirectPort: tls && port !== 80 ? 80 : null,
    bind: options.bind ?? '*',
    /** lighttpd's form: empty for every address. */
    bindAddress:
      !options.bind || options.bind === '*' ? '' : options.bind.includes(':') ? `[${options.bind}]` : options.bind,
    logDir: options.logDir ?? defaultLogDirs[server],
    publicDir: path.join(options.appRoot, 'public'),
    workersCommands: workersCommands(options.workers, options.appRoot === appRoot ? undefined : options.appRoot),
    balanced: options.balanced === true,
    balancerMembers: options.workers.map(balancerMember),
    /** nginx: names unique to the site, as maps and upstreams are shared by every site of the server. */
    nginxId: `folio_${options.serverName.replace(/[^A-Za-z0-9]/g, '_')}`,
    nginxListens: nginxListens(options.bind),
    nginxServers: options.workers.map(nginxServer),
    /** What a worker reads of a request body at most: nginx's default (1 MB) would refuse uploads the app takes. */
    maxBodyBytes: resolveOptions().maxBodyBytes,
    /** The headers of every cached page; HSTS apart, as Apache sends it on every answer. */
    securityHeaders,
    hsts: hsts ?? null,
    /** HTTPS=on for the workers when TLS ends in front of this server. */
    tlsInFront: overTls && tls === null,
    contentTypes: cachedContentTypes,
    htmlPattern: htmlPathPattern,
    feedPattern: feedPathPattern,
    excluded: excludedFirstSegments(),
    redirectMap: options.redirectMap ?? null,
    cacheHitLog: options.cacheHitLog ?? null,
    cacheHitFormat: { apache: apacheCacheHitFormat, nginx: nginxCacheHitFormat },
    cacheHitVariable: apacheCacheHitVariable,
    /**
     * Apache and nginx: the Webmention Link header of cached pages (only .html: feeds carry WebSub's Link). The
     * config is written once but webmentions are switched in the admin, so it is sent while the page cache's
     * marker file exists (app/page-cache/webmention-marker.ts), which the app keeps in step with the setting.
     */
    webmention: { link: webmentionLinkHeader(options.baseUrl), marker: webmentionMarkerFile(options.cacheRoot) },
  };
  return ejs.renderFile(templates[server], { site, q: quote, re: escapeRegExp });
}

function siteFromArgs(server: WebServer, args: string[]): SiteOptions {
  const values = parseOptions(
    args,
    {
      'server-name': { type: 'string' },
      port: { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      ...poolOptions,
      balancer: { type: 'string' },
      root: { type: 'string' },
      bind: { type: 'string' },
      'log-dir': { type: 'string' },
    },
    usage(server),
  );
  const serverName = values['server-name'];
  if (!serverName || !/^[A-Za-z0-9.-]+$/.test(serverName))
    throw new CliError(`--server-name: give the site's host name (letters, digits, dots, dashes)\n${usage(server)}`);
  if (Boolean(values['tls-cert']) !== Boolean(values['tls-key']))
    throw new CliError('give both --tls-cert and --tls-key, or neither');
  try {
    const config = loadConfig();
    if (values.balancer !== undefined && (values.listen !== undefined || values['socket-dir'] !== undefined))
      throw new CliError("--balancer lists every app host's workers: give it without --listen or --socket-dir");
    const pool = workerPool(values);
    const hosts = values.balancer === undefined ? null : balancerHosts(values.balancer, pool.count);
    return {
      serverName,
      baseUrl: config.baseUrl,
      port: values.port === undefined ? undefined : numberOption('--port', values.port, 1, 65535),
      tls:
        values['tls-cert'] && values['tls-key']
          ? { cert: path.resolve(values['tls-cert']), key: path.resolve(values['tls-key']) }
          : null,
      declaredTls: declaresTls(config),
      appRoot: path.resolve(values.root ?? appRoot),
      cacheRoot: pageCacheRoot(config),
      workers: hosts ? hosts.flat() : slotAddresses(pool.listen, pool.count),
      balanced: hosts !== null,
      bind: values.bind,
      logDir: values['log-dir'] === undefined ? undefined : path.resolve(values['log-dir']),
      redirectMap: server === 'apache' ? servedMapFile(config) : undefined,
      cacheHitLog: server === 'lighttpd' ? undefined : config.monitoring.cacheHitLog,
    };
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError((error as Error).message);
  }
}

function balancerMember(address: WorkerAddress, slot: number): string {
  // Unix sockets need a distinct host name each, or Apache takes them for one worker.
  return address.kind === 'unix'
    ? `unix:${address.path}|fcgi://folio-${slot}/`
    : `fcgi://${address.host.includes(':') ? `[${address.host}]` : address.host}:${address.port}/`;
}

/** nginx's upstream line for a worker. */
function nginxServer(address: WorkerAddress): string {
  return address.kind === 'unix' ? `unix:${address.path}` : formatAddress(address);
}

/** nginx's listen address prefixes: every IPv4 and IPv6 address (as Debian's default site), or the one given. */
function nginxListens(bind: string | undefined): string[] {
  if (!bind || bind === '*') return ['', '[::]:'];
  return [bind.includes(':') ? `[${bind}]:` : `${bind}:`];
}

/** The commands that start the workers the config sends to: one per app host (consecutive ports from the first). */
function workersCommands(workers: readonly WorkerAddress[], root: string | undefined): string[] {
  const pools: WorkerAddress[][] = [];
  for (const worker of workers) {
    const pool = pools.at(-1);
    const last = pool?.at(-1);
    const sameHost =
      last?.kind === 'unix'
        ? worker.kind === 'unix' && path.dirname(worker.path) === path.dirname(last.path)
        : last?.kind === 'tcp' && worker.kind === 'tcp' && worker.host === last.host && worker.port === last.port + 1;
    if (pool && sameHost) pool.push(worker);
    else pools.push([worker]);
  }
  return pools.map((pool) => {
    const first = pool[0]!;
    const where =
      first.kind === 'unix' ? ` --socket-dir ${path.dirname(first.path)}` : ` --listen ${formatAddress(first)}`;
    return `npm run workers -- start --count ${pool.length}${where}${root ? ` --root ${root}` : ''}`;
  });
}

/** A double-quoted argument: both servers keep backslashes as they are (regexes need them) and read \" as a quote. */
function quote(value: string): string {
  return `"${value.replace(/"/g, '\\"')}"`;
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function usage(server: WebServer): string {
  return [
    `usage: npm run config:${server} -- --server-name NAME [--port P] [--tls-cert FILE --tls-key FILE] [--count N] [--listen HOST:PORT | --socket-dir DIR | --balancer HOST:PORT,HOST:PORT...] [--root DIR] [--bind ADDRESS] [--log-dir DIR]`,
    '  --count N --listen HOST:PORT   the workers of this host, as `npm run workers -- start` was given them',
    "  --balancer HOST:PORT,...       the workers of several app hosts: each entry is one host's --listen (its first",
    '                                 worker), and every host runs --count N workers: HOST:PORT..PORT+N-1',
  ].join('\n');
}
