/**
 * A real nginx (Debian's) on a loopback port, in its own temp dir, running
 * the site config exactly as `npm run config:nginx` prints it, inside the
 * http block Debian's /etc/nginx/nginx.conf gives an operator's sites (MIME
 * types, user); only the pid file, logs and temp folders are moved into the
 * temp dir.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runFolio } from '#test/support/cli.ts';
import { freePort, waitForPort, waitForExit, isAlive } from '#test/support/web-server.ts';

export const nginxBinary = '/usr/sbin/nginx';

export interface NginxOptions {
  /** The pool's data dir: FOLIO_DATA_DIR for the config command (the page cache root is in it). */
  dataDir: string;
  /** `--count N --listen H:P`, `--socket-dir D` or `--count N --balancer H:P,H:P`, as the pools were started. */
  workerArgs: string[];
  /** The deployed app whose public/ is the document root. */
  appRoot: string;
  /** Serve HTTPS with this certificate. */
  tls?: { cert: string; key: string };
  /** BASE_URL for the config command: https: without `tls` means TLS ends in front of nginx. */
  baseUrl?: string;
}

export interface Nginx {
  readonly port: number;
  readonly url: string;
  /** The generated site config, as the command printed it. */
  readonly siteConfig: string;
  stop(): Promise<void>;
  errorLog(): string;
}

export async function startNginx(options: NginxOptions): Promise<Nginx> {
  const dir = mkdtempSync(path.join(tmpdir(), 'folio-nginx-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const generated = await runFolio(
    [
      'config:nginx',
      '--server-name',
      'blog.test',
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
  if (generated.code !== 0) throw new Error(`config:nginx failed:\n${generated.stderr}`);
  writeFileSync(path.join(dir, 'folio.conf'), generated.stdout);
  const confFile = path.join(dir, 'nginx.conf');
  writeFileSync(confFile, serverConfig(dir));
  const errorLog = () =>
    ['error.log', 'folio-error.log']
      .map((file) => path.join(dir, file))
      .filter(existsSync)
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
  // -e: the error log before the config is read (the default is /var/log/nginx/error.log).
  const base = [nginxBinary, '-e', path.join(dir, 'error.log'), '-p', dir, '-c', confFile];
  await run([...base, '-t']);
  await run(base);
  await waitForPort(port, 60_000, errorLog);
  const url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  return {
    port,
    url,
    siteConfig: generated.stdout,
    errorLog,
    async stop() {
      const pidFile = path.join(dir, 'nginx.pid');
      const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : 0;
      if (pid && isAlive(pid)) {
        // TERM: a fast shutdown (QUIT would wait for kept-alive clients).
        process.kill(pid, 'SIGTERM');
        await waitForExit(pid);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What /etc/nginx/nginx.conf gives an operator's sites; the site comes in by `include`, as from conf.d/. */
function serverConfig(dir: string): string {
  const asRoot = process.getuid?.() === 0;
  return [
    // Debian's nginx runs its workers as www-data when started as root.
    ...(asRoot ? ['user www-data;'] : []),
    'worker_processes 2;',
    `pid "${dir}/nginx.pid";`,
    `error_log "${dir}/error.log" warn;`,
    'events {',
    '    worker_connections 512;',
    '}',
    'http {',
    '    sendfile on;',
    '    tcp_nopush on;',
    '    types_hash_max_size 2048;',
    '    include /etc/nginx/mime.types;',
    '    default_type application/octet-stream;',
    ...['client_body', 'fastcgi', 'proxy', 'uwsgi', 'scgi'].map(
      (kind) => `    ${kind}_temp_path "${dir}/${kind}_temp";`,
    ),
    `    include "${dir}/folio.conf";`,
    '}',
    '',
  ].join('\n');
}

function run(argv: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${argv.join(' ')} exited with ${code}:\n${output}`)),
    );
  });
}
