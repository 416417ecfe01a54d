/**
 * A real lighttpd 1.4 (Debian's) on a loopback port, in its own temp dir,
 * running the site config exactly as `npm run config:lighttpd` prints it,
 * inside what Debian's /etc/lighttpd/lighttpd.conf sets up (modules, MIME
 * types, user).
 */
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runFolio } from '#test/support/cli.ts';
import { freePort, waitForPort, waitForExit, isAlive } from '#test/support/web-server.ts';

export const lighttpdBinary = '/usr/sbin/lighttpd';

export interface LighttpdOptions {
  dataDir: string;
  workerArgs: string[];
  /** The deployed app whose public/ is the document root. */
  appRoot: string;
}

export interface Lighttpd {
  readonly port: number;
  readonly url: string;
  readonly siteConfig: string;
  stop(): Promise<void>;
  errorLog(): string;
}

export async function startLighttpd(options: LighttpdOptions): Promise<Lighttpd> {
  const dir = mkdtempSync(path.join(tmpdir(), 'folio-lighttpd-'));
  chmodSync(dir, 0o755);
  const asRoot = process.getuid?.() === 0;
  // lighttpd opens its logs after giving up root.
  if (asRoot) chownSync(dir, wwwData().uid, wwwData().gid);
  const port = await freePort();
  const generated = await runFolio(
    [
      'config:lighttpd',
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
      ...options.workerArgs,
    ],
    { FOLIO_DATA_DIR: options.dataDir },
  );
  if (generated.code !== 0) throw new Error(`config:lighttpd failed:\n${generated.stderr}`);
  writeFileSync(path.join(dir, 'folio.conf'), generated.stdout);
  const confFile = path.join(dir, 'lighttpd.conf');
  writeFileSync(
    confFile,
    [
      `server.document-root = "${options.appRoot}/public"`,
      // The main port is another free one; the site's $SERVER["socket"] block adds its own.
      `server.port = ${await freePort()}`,
      'server.bind = "127.0.0.1"',
      `server.pid-file = "${dir}/lighttpd.pid"`,
      `server.errorlog = "${dir}/error.log"`,
      ...(asRoot ? ['server.username = "www-data"', 'server.groupname = "www-data"'] : []),
      'server.modules = ( "mod_indexfile", "mod_access", "mod_alias", "mod_redirect", "mod_dirlisting", "mod_staticfile" )',
      'index-file.names = ( "index.php", "index.html" )',
      'url.access-deny = ( "~", ".inc" )',
      'include_shell "/usr/share/lighttpd/create-mime.conf.pl"',
      `include "${dir}/folio.conf"`,
      '',
    ].join('\n'),
  );
  await run([lighttpdBinary, '-tt', '-f', confFile]);
  await run([lighttpdBinary, '-f', confFile]);
  const errorLog = () =>
    existsSync(path.join(dir, 'error.log')) ? readFileSync(path.join(dir, 'error.log'), 'utf8') : '';
  await waitForPort(port, 60_000, errorLog);
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    siteConfig: generated.stdout,
    errorLog,
    async stop() {
      const pidFile = path.join(dir, 'lighttpd.pid');
      const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : 0;
      if (pid && isAlive(pid)) {
        process.kill(pid, 'SIGTERM');
        await waitForExit(pid);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function wwwData(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('www-data:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  return { uid: Number(uid ?? 33), gid: Number(gid ?? 33) };
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
