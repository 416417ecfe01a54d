/**
 * A real Apache 2.4 (Debian's apache2) on a loopback port, in its own temp
 * dir, running the site config exactly as `npm run config:apache` prints
 * it: this harness only adds the server-wide part an operator's
 * /etc/apache2/apache2.conf would have (modules, pid file, listen, user).
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runFolio } from '#test/support/cli.ts';
import { freePort, waitForPort, waitForExit, isAlive } from '#test/support/web-server.ts';

export const apacheBinary = '/usr/sbin/apache2';
const modules = [
  'mpm_event',
  'authz_core',
  'mime',
  'dir',
  'rewrite',
  'proxy',
  'proxy_fcgi',
  'proxy_balancer',
  'slotmem_shm',
  'lbmethod_byrequests',
  'headers',
  'alias',
  'env',
];

export interface ApacheOptions {
  /** The pool's data dir: FOLIO_DATA_DIR for the config command (the page cache root is in it). */
  dataDir: string;
  /** `--count N --listen H:P` or `--socket-dir D`, as the pool was started. */
  workerArgs: string[];
  /** The deployed app whose public/ is the document root. */
  appRoot: string;
  serverName?: string;
  /** Serve HTTPS with this certificate (mod_ssl is loaded then). */
  tls?: { cert: string; key: string };
  /** BASE_URL for the config command: https: without `tls` means TLS ends in front of Apache. */
  baseUrl?: string;
}

export interface Apache {
  readonly port: number;
  readonly url: string;
  readonly dir: string;
  /** The generated site config, as the command printed it. */
  readonly siteConfig: string;
  graceful(): Promise<void>;
  stop(): Promise<void>;
  errorLog(): string;
}

export async function startApache(options: ApacheOptions): Promise<Apache> {
  const dir = mkdtempSync(path.join(tmpdir(), 'folio-apache-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const serverName = options.serverName ?? 'blog.test';
  const generated = await runFolio(
    [
      'config:apache',
      '--server-name',
      serverName,
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--log-dir',
      dir,
      '--root',
      options.appRoot,
      ...(options.tls ? ['--tls-cert', options.tls.cert, '--tls-key', options.tls.key] : []),
      ...options.workerArgs,
    ],
    { FOLIO_DATA_DIR: options.dataDir, ...(options.baseUrl ? { BASE_URL: options.baseUrl } : {}) },
  );
  if (generated.code !== 0) throw new Error(`config:apache failed:\n${generated.stderr}`);
  writeFileSync(path.join(dir, 'folio.conf'), generated.stdout);
  const confFile = path.join(dir, 'httpd.conf');
  writeFileSync(confFile, serverConfig(dir, port, options.tls ? ['ssl', 'socache_shmcb'] : []));
  const apache = new ApacheProcess(dir, confFile, port, generated.stdout);
  await apache.control('start');
  await waitForPort(port, 60_000, () => apache.errorLog());
  return apache;
}

export class ApacheProcess implements Apache {
  readonly url: string;

  constructor(
    readonly dir: string,
    private readonly confFile: string,
    readonly port: number,
    readonly siteConfig: string,
  ) {
    this.url = `${/SSLEngine on/.test(siteConfig) ? 'https' : 'http'}://127.0.0.1:${port}`;
  }

  graceful(): Promise<void> {
    return this.control('graceful');
  }

  async stop(): Promise<void> {
    const pid = this.pid();
    if (pid && isAlive(pid)) {
      await this.control('stop').catch(() => process.kill(pid, 'SIGKILL'));
      await waitForExit(pid);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  errorLog(): string {
    return ['error.log', 'folio-error.log']
      .map((f) => path.join(this.dir, f))
      .filter(existsSync)
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
  }

  control(signal: 'start' | 'graceful' | 'stop'): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(apacheBinary, ['-f', this.confFile, '-k', signal], { stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      child.on('error', reject);
      child.on('close', (code) =>
        code === 0
          ? resolve()
          : reject(new Error(`apache2 -k ${signal} exited with ${code}:\n${output}\n${this.errorLog()}`)),
      );
    });
  }

  private pid(): number | undefined {
    const file = path.join(this.dir, 'httpd.pid');
    return existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) || undefined : undefined;
  }
}

/** What /etc/apache2/apache2.conf (and mods-enabled, ports.conf) give an operator's site; `include` brings the site in. */
export function serverConfig(
  dir: string,
  port: number,
  extraModules: string[],
  include = `Include "${dir}/folio.conf"`,
): string {
  const asRoot = process.getuid?.() === 0;
  return [
    `ServerRoot "${dir}"`,
    `DefaultRuntimeDir "${dir}"`,
    `PidFile "${dir}/httpd.pid"`,
    `ErrorLog "${dir}/error.log"`,
    'LogLevel warn',
    `Mutex file:${dir} default`,
    'ServerName 127.0.0.1',
    `Listen 127.0.0.1:${port}`,
    ...[...modules, ...extraModules].map((name) => `LoadModule ${name}_module /usr/lib/apache2/modules/mod_${name}.so`),
    // Debian's apache2 runs its children as www-data when started as root.
    ...(asRoot ? ['User www-data', 'Group www-data'] : []),
    // Every child up front, each with a thread for every connection the tests and the bench open
    // (wrk -c32): when all of a child's threads are busy, the event MPM closes its idle kept-alive
    // connections, and a client whose next request was already on its way gets no answer (a browser
    // sends it again; wrk counts a read error). Debian's 25 threads per child, with children spawned
    // under the load, did that a few times per run.
    'StartServers 2',
    'ServerLimit 2',
    'ThreadsPerChild 64',
    'MaxRequestWorkers 128',
    'TypesConfig /etc/mime.types',
    'LogFormat "%h %l %u %t \\"%r\\" %>s %O \\"%{Referer}i\\" \\"%{User-Agent}i\\"" combined',
    '<Directory />',
    '    Options FollowSymLinks',
    '    AllowOverride None',
    '    Require all denied',
    '</Directory>',
    include,
    '',
  ].join('\n');
}
