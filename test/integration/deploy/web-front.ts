/**
 * A real Apache in front of one deploy test host, as on a server between
 * `setup` and the first deploy: running with the server-wide config only
 * (test/support/apache.ts's), whose main config `IncludeOptional`s the site
 * file the deploy's web phase installs. It starts without that file (and
 * answers 403), and picks the site up at the graceful reload the phase runs.
 * `webServer` is the recipe setting that points the phase at it.
 */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { WebServerSpec } from '#deploy/dsl.ts';
import { ApacheProcess, apacheBinary, serverConfig } from '#test/support/apache.ts';
import { freePort, waitForPort } from '#test/support/web-server.ts';

export interface ApacheFront {
  readonly port: number;
  readonly url: string;
  /** Where the web phase installs the site (absent until then). */
  readonly siteFile: string;
  /** `apache2 -t` on this Apache's config: the recipe's webServer.check. */
  readonly checkArgv: readonly string[];
  /** `apache2 -k graceful` on it: the recipe's webServer.reload. */
  readonly reloadArgv: readonly string[];
  /** All of the above as the recipe's `webServer` (no a2ensite: the include is the enabling). */
  readonly webServer: WebServerSpec;
  stop(): Promise<void>;
  errorLog(): string;
}

export async function startApacheFront(
  host: { deployTo: string; name: string },
  options: { serverName?: string } = {},
): Promise<ApacheFront> {
  const dir = mkdtempSync(path.join(tmpdir(), `folio-front-${host.name}-`));
  chmodSync(dir, 0o755);
  mkdirSync(path.join(dir, 'sites'), { mode: 0o755 });
  const siteFile = path.join(dir, 'sites', 'folio.conf');
  const confFile = path.join(dir, 'httpd.conf');
  const port = await freePort();
  // Debian's envvars defines APACHE_LOG_DIR, which the generated site logs to.
  writeFileSync(
    confFile,
    `Define APACHE_LOG_DIR "${dir}"\n${serverConfig(dir, port, [], `IncludeOptional "${siteFile}"`)}`,
  );
  openToApache(host.deployTo);
  const apache = new ApacheProcess(dir, confFile, port, '');
  await apache.control('start');
  await waitForPort(port, 60_000, () => apache.errorLog());
  const checkArgv = [apacheBinary, '-t', '-f', confFile];
  const reloadArgv = [apacheBinary, '-f', confFile, '-k', 'graceful'];
  return {
    port,
    url: apache.url,
    siteFile,
    checkArgv,
    reloadArgv,
    webServer: {
      kind: 'apache',
      serverName: options.serverName ?? 'blog.test',
      port,
      siteFile,
      check: [...checkArgv],
      reload: [...reloadArgv],
      enable: [],
      disable: [],
    },
    stop: () => apache.stop(),
    errorLog: () => apache.errorLog(),
  };
}

/** Run as root, Apache's children are www-data: they must pass through the test's temp dirs to public/ and the cache. */
function openToApache(deployTo: string): void {
  mkdirSync(deployTo, { recursive: true });
  for (let dir = deployTo; dir.startsWith(tmpdir() + path.sep); dir = path.dirname(dir)) chmodSync(dir, 0o755);
}
