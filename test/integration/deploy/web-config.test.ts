/**
 * `web:config` against a real sshd host with a real Apache in front, as on
 * a fresh server: Apache runs with no Folio site, the host has a live
 * release (hard links of this checkout's code, the real node_modules linked
 * in, so no npm ci), and the task installs the site that release
 * generates, checks it with Apache's own configtest and reloads Apache
 * gracefully, which then serves the blog from the worker pool.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfiguration, type Configuration } from '#deploy/configuration.ts';
import { after, type Recipe, type WebServerSpec } from '#deploy/dsl.ts';
import { formatDuration } from '#deploy/output/duration.ts';
import { hookableNames } from '#deploy/tasks/index.ts';
import { quote } from '#deploy/transport/shell.ts';
import { recipe, root, run, startHosts, type Hosts, type TestHost } from '#test/integration/deploy/fixture.ts';
import { startApacheFront, type ApacheFront } from '#test/integration/deploy/web-front.ts';
import { waitFor } from '#test/support/wait-for.ts';

const release = '20260101000000';
let dir: string;
let world: Hosts;
let host: TestHost;
let front: ApacheFront;
let base: Recipe;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'folio-web-config-'));
  world = await startHosts(dir, 1);
  host = world.hosts[0]!;
  front = await startApacheFront(host);
  const fixture = recipe(world, root);
  base = {
    ...fixture,
    // FastCGI workers, as Apache's site speaks; the health check goes through Apache.
    servers: fixture.servers!.map((server) => ({
      ...server,
      workers: { count: 1, listen: `127.0.0.1:${host.workerPort}`, drainTimeout: 10 },
    })),
    healthCheck: { url: `${front.url}/`, expectStatus: 200, timeout: 300 },
    webServer: front.webServer,
  };
  expect((await run(configure(base), 'setup')).ok).toBe(true);
  liveRelease(configure(base));
  const migrated = await run(configure(base), 'deploy:migrations');
  expect(migrated.ok, migrated.output + migrated.error).toBe(true);
}, 300_000);

afterAll(async () => {
  await world?.stop(); // the pool first: Apache then has nothing in flight
  await front?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const configure = (input: Recipe) =>
  resolveConfiguration(input, { knownTasks: [...hookableNames(), 'deploy:web'], baseDir: root });
const withSite = (change: Partial<WebServerSpec>, extra: Partial<Recipe> = {}) =>
  configure({ ...base, ...extra, webServer: { ...front.webServer, ...change } });

describe.sequential('web:config installs the site on a fresh server', { timeout: 300_000 }, () => {
  let installed: string;

  it('installs the generated site, checks it, reloads Apache, which then serves the blog', async () => {
    expect(existsSync(front.siteFile)).toBe(false);
    expect((await fetch(front.url)).status).toBe(403); // Apache with no site yet
    const result = await run(configure(base), 'web:config');
    expect(result.ok, result.output + result.error).toBe(true);
    expect(result.output).toContain(
      `installed ${front.siteFile}; \`${front.checkArgv.join(' ')}\` passed; reloaded with`,
    );
    installed = readFileSync(front.siteFile, 'utf8');
    expect(installed).toContain(`--root ${host.deployTo}/current`);
    expect(installed).toContain(`DocumentRoot "${host.deployTo}/current/public"`);
    expect(installed).toContain(`fcgi://127.0.0.1:${host.workerPort}/`);
    expect(existsSync(`${front.siteFile}.previous`)).toBe(false);
    // The graceful reload took: no worker runs yet, so the site answers its own 503 page.
    await waitFor(async () => (await fetch(front.url)).status === 503, {
      timeout: 60_000,
      interval: 100,
      message: 'the reloaded site to answer 503',
    });
    expect((await fetch(front.url)).status).toBe(503);

    const restart = await run(configure(base), 'restart'); // starts the pool; its health check goes through Apache
    expect(restart.ok, restart.output + restart.error).toBe(true);
    const home = await fetch(`${front.url}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Powered by Folio');
    console.info(`web:config, site installed: ${formatDuration(result.ms)}`);
  });

  it('leaves an unchanged site alone: no write, no reload', async () => {
    const before = statSync(front.siteFile).mtimeMs;
    const result = await run(configure(base), 'web:config');
    expect(result.ok, result.output + result.error).toBe(true);
    expect(result.output).toContain(`site unchanged, not reloaded: ${front.siteFile}`);
    console.info(`web:config, site unchanged: ${formatDuration(result.ms)}`);
    expect(statSync(front.siteFile).mtimeMs).toBe(before);
    expect(existsSync(`${front.siteFile}.previous`)).toBe(false);
  });

  it('a dry run shows the new site and the commands (sudo -n in front, when asked), and changes nothing', async () => {
    const result = await run(withSite({ serverName: 'renamed.test', sudo: true }), 'web:config', { dryRun: true });
    expect(result.ok, result.output + result.error).toBe(true);
    expect(result.output).toContain('would run: <the generated apache site> | ');
    expect(result.output).toContain(`sudo -n tee ${front.siteFile}.new > /dev/null`);
    expect(result.output).toContain(`sudo -n ${front.checkArgv.map(quote).join(' ')}`);
    expect(readFileSync(front.siteFile, 'utf8')).toBe(installed);
    expect(existsSync(`${front.siteFile}.previous`)).toBe(false);
  });

  it('a site Apache refuses (mod_ssl not loaded) is taken back: the previous one stays live, with the configtest message', async () => {
    const cert = path.join(dir, 'cert.pem');
    writeFileSync(cert, '');
    const result = await run(withSite({ tls: { cert, key: cert } }), 'web:config');
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/install the apache site .* failed \(exit 1\)/);
    expect(result.error).toContain("Invalid command 'SSLEngine'"); // apache2 -t's own words
    expect(result.error).toContain(
      `the new site failed \`${front.checkArgv.join(' ')}\`: the previous site is back in place, apache not reloaded`,
    );
    expect(readFileSync(front.siteFile, 'utf8')).toBe(installed);
    expect(readFileSync(`${front.siteFile}.previous`, 'utf8')).toBe(installed);
    expect((await fetch(`${front.url}/`)).status).toBe(200);
  });

  it('a phase failing after the site went in puts the previous site back and reloads (the deploy rollback path)', async () => {
    const failing = after('deploy:web', 'fail after the site is installed', () => {
      throw new Error('injected after the web phase');
    });
    const renamed = await run(withSite({ serverName: 'renamed.test' }, { hooks: [failing] }), 'web:config');
    expect(renamed.ok).toBe(false);
    expect(renamed.output).toContain('undone web: put the previous site back and reload the web server');
    expect(readFileSync(front.siteFile, 'utf8')).toBe(installed);
    expect((await fetch(`${front.url}/`)).status).toBe(200);
  });

  it('refuses a recipe with no site to install', async () => {
    const bare = await run(configure({ ...base, webServer: undefined }), 'web:config');
    expect(bare.error).toBe('web:config: no web host has a webServer setting (see README, "The recipe")');
  });
});

/** The live release as a deploy leaves it, without npm ci: this checkout's code hard-linked, its node_modules linked. */
function liveRelease(config: Configuration): void {
  const hostConfig = config.hosts[0]!;
  const dir = path.join(host.deployTo, 'releases', release);
  mkdirSync(path.join(dir, 'deploy'), { recursive: true });
  for (const part of [
    'app',
    'config',
    'views',
    'public',
    'prisma',
    'deploy/templates',
    'package.json',
    'prisma.config.ts',
    'tsconfig.json',
  ]) {
    execFileSync('cp', ['-al', path.join(root, part), path.join(dir, part)]);
  }
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  for (const { release: link, shared } of config.sharedPaths) {
    rmSync(path.join(dir, link), { recursive: true, force: true });
    symlinkSync(path.join(host.deployTo, 'shared', shared), path.join(dir, link));
  }
  writeFileSync(
    path.join(dir, '.deploy-env'),
    Object.entries(hostConfig.env)
      .map(([key, value]) => `${key}=${quote(value)}\n`)
      .join(''),
    { mode: 0o600 },
  );
  symlinkSync(dir, path.join(host.deployTo, 'current'));
  chmodSync(path.join(host.deployTo, 'shared/data'), 0o711); // Apache passes through to cache/, as the README's fresh-server steps say
}
