/**
 * The deploy scenarios' world: a git repository holding this checkout's
 * files (the app that gets deployed), hosts (each its own deployTo and
 * worker port, reached through a real sshd or the local transport), and
 * recipes that point at them.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import http from 'node:http';
import net from 'node:net';
import { cpSync, existsSync, mkdirSync, readFileSync, readlinkSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { resolveConfiguration, type Configuration } from '#deploy/configuration.ts';
import type { Hook, Recipe } from '#deploy/dsl.ts';
import { runTask, type RunOptions } from '#deploy/run.ts';
import { hookableNames } from '#deploy/tasks/index.ts';
import { freePort, generateKey, startSshd, type SshdHost } from '#test/support/sshd.ts';
import { waitFor } from '#test/support/wait-for.ts';

export const root = path.resolve(import.meta.dirname, '../../..');

/** A git repo (branch main) with the project's files as they are now, minus what git ignores. */
export function createRepository(dir: string): string {
  const repo = path.join(dir, 'repo');
  const files = execFileSync('git', ['-C', root, 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    encoding: 'utf8',
  })
    .split('\0')
    // A worktree's node_modules is a symlink, which .gitignore's `/node_modules/` (directories) does not hide:
    // committed, a release's `cp -al` of the previous node_modules would write through it into the checkout's own.
    .filter((file) => file && file !== 'node_modules');
  for (const file of files) {
    const from = path.join(root, file);
    if (!existsSync(from)) continue; // deleted in the working tree
    mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
    cpSync(from, path.join(repo, file));
  }
  commit(repo, 'the app as it is', true);
  return repo;
}

/** Commits whatever changed in `repo` (a new commit each time, even if nothing did). */
export function commit(repo: string, message: string, init = false): string {
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', repo, '-c', 'user.name=Deploy Test', '-c', 'user.email=deploy@test.invalid', ...args], {
      encoding: 'utf8',
    });
  if (init) git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '--allow-empty', '-m', message);
  return git('rev-parse', 'HEAD').trim();
}

export interface TestHost {
  readonly name: string;
  readonly deployTo: string;
  readonly workerPort: number;
  readonly sshd: SshdHost | undefined;
}

export interface Hosts {
  readonly hosts: TestHost[];
  readonly identityFile: string;
  readonly knownHosts: string;
  stop(): Promise<void>;
}

/**
 * Makes `npm ci` under `dir` find a prebuilt better-sqlite3, as a host that can reach the project's
 * release downloads does, instead of compiling SQLite from source (minutes per test file on a
 * 2-core machine; the test machine cannot download). The prebuild is this checkout's own binary,
 * built from source by its own `npm ci` from the same lockfile for this very platform and Node;
 * npm ci still runs in full (every package, every install script: better-sqlite3's prebuild-install
 * unpacks it and checks it loads). prebuild-install finds `dir/.prebuild-installrc` by walking up
 * from the package it installs; a name that does not match (another version, Node or libc) only
 * means a compile, as before.
 */
export function offerNativePrebuild(dir: string): void {
  const packageJson = createRequire(path.join(root, 'package.json')).resolve('better-sqlite3/package.json');
  const { name, version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { name: string; version: string };
  const prebuilds = path.join(dir, 'prebuilds');
  mkdirSync(prebuilds, { recursive: true });
  const report = process.report.getReport() as { header?: { glibcVersionRuntime?: string } };
  const libc = process.platform === 'linux' && !report.header?.glibcVersionRuntime ? 'musl' : '';
  const tarball = `${name}-v${version}-node-v${process.versions.modules}-${process.platform}${libc}-${process.arch}.tar.gz`;
  execFileSync('tar', [
    '-czf',
    path.join(prebuilds, tarball),
    '-C',
    path.dirname(packageJson),
    'build/Release/better_sqlite3.node',
  ]);
  writeFileSync(path.join(dir, '.prebuild-installrc'), `local-prebuilds=${prebuilds}\n`);
}

/** `count` hosts, each with its own sshd (own host key), deployTo and worker port; one client key for all. */
export async function startHosts(dir: string, count: number): Promise<Hosts> {
  mkdirSync(dir, { recursive: true });
  offerNativePrebuild(dir);
  const client = await generateKey(dir, 'deploy_key', 'deploy@test');
  const hosts: TestHost[] = [];
  for (let index = 0; index < count; index += 1) {
    const name = `host-${String.fromCharCode(97 + index)}`;
    const sshd = await startSshd(path.join(dir, `${name}-sshd`), [client.publicKey]);
    hosts.push({ name, deployTo: path.join(dir, name, 'app'), workerPort: await freePort(), sshd });
  }
  const knownHosts = path.join(dir, 'known_hosts');
  writeFileSync(knownHosts, hosts.map((host) => host.sshd!.knownHostsLine).join('\n') + '\n');
  return {
    hosts,
    identityFile: client.privateKey,
    knownHosts,
    stop: async () => {
      await Promise.all(hosts.map((host) => stopPool(host.deployTo)));
      await Promise.all(hosts.map(async (host) => host.sshd?.stop()));
    },
  };
}

/** A recipe deploying `repository` to the hosts over ssh (or, with transport local, to the same directories directly). */
export function recipe(
  world: Pick<Hosts, 'hosts' | 'identityFile' | 'knownHosts'>,
  repository: string,
  options: { transport?: 'ssh' | 'local'; hooks?: Hook[]; keepReleases?: number } = {},
): Recipe {
  return {
    application: 'folio-test',
    repository,
    branch: 'main',
    deployTo: '/unused',
    keepReleases: options.keepReleases ?? 3,
    servers: world.hosts.map((host, index) => ({
      host: '127.0.0.1',
      port: host.sshd?.port ?? 22,
      name: host.name,
      roles: index === 0 ? ['app', 'web', 'db'] : ['app', 'web'],
      primary: index === 0,
      transport: options.transport ?? 'ssh',
      deployTo: host.deployTo,
      // A drain that outlasts any request on a busy machine: a cut-off request would fail the zero-loss checks.
      workers: { count: 1, listen: `127.0.0.1:${host.workerPort}`, http: true, drainTimeout: 60 },
    })),
    env: { LOG_LEVEL: 'info', FOLIO_COMMENT_MIN_SECONDS: '0' },
    healthCheck: { timeout: 300 },
    ssh: world.identityFile
      ? { identityFile: world.identityFile, knownHosts: world.knownHosts, connectTimeout: 60 }
      : undefined,
    minFreeDiskMb: 100,
    hooks: options.hooks ?? [],
  };
}

export function configure(input: Recipe, stage?: string): Configuration {
  return resolveConfiguration(input, { stage, knownTasks: hookableNames(), baseDir: root });
}

/** Runs a task with plain output captured; resolves with whether it worked and what it said. */
export async function run(
  config: Configuration,
  task: string,
  options: Omit<RunOptions, 'task' | 'output'> = {},
): Promise<{ ok: boolean; output: string; error: string; ms: number }> {
  let output = '';
  const stream = new Writable({ write: (chunk: Buffer, _encoding, done) => ((output += chunk.toString()), done()) });
  const started = Date.now();
  try {
    await runTask(config, { ...options, task, output: stream, live: false });
    return { ok: true, output, error: '', ms: Date.now() - started };
  } catch (error) {
    return { ok: false, output, error: (error as Error).message, ms: Date.now() - started };
  }
}

export function currentRelease(host: TestHost): string | undefined {
  try {
    return path.basename(readlinkSync(path.join(host.deployTo, 'current')));
  } catch {
    return undefined;
  }
}

export function releaseDirs(host: TestHost): string[] {
  const dir = path.join(host.deployTo, 'releases');
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

export function lockExists(host: TestHost): boolean {
  return existsSync(path.join(host.deployTo, 'deploy.lock'));
}

/** GET on the host's worker; the status and body. */
export async function get(host: TestHost, pathname = '/'): Promise<{ status: number; body: string }> {
  const response = await fetch(`http://127.0.0.1:${host.workerPort}${pathname}`, {
    signal: AbortSignal.timeout(120_000),
  });
  return { status: response.status, body: await response.text() };
}

/** The supervisor's pid (from its pid file), if one is running. */
export function poolPid(host: TestHost): number | undefined {
  try {
    const pid = Number(readFileSync(path.join(host.deployTo, 'shared/data/run/supervisor.pid'), 'utf8').trim());
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/** Stops the worker pool a test started on a host (SIGTERM, then waits). */
export async function stopPool(deployTo: string): Promise<void> {
  const pid = poolPid({ deployTo } as TestHost);
  if (!pid) return;
  process.kill(pid, 'SIGTERM');
  await waitFor(() => !poolPid({ deployTo } as TestHost), {
    timeout: 120_000,
    interval: 100,
    message: `the pool in ${deployTo} to stop`,
  });
}

/** Requests every host's worker in a loop, a new connection each time (as Apache's FastCGI proxy does), until stopped. */
export function keepRequesting(hosts: readonly TestHost[]): {
  stop(): Promise<{ answered: number; failed: string[] }>;
} {
  let running = true;
  let answered = 0;
  const failed: string[] = [];
  const loop = async (host: TestHost) => {
    while (running) {
      try {
        const status = await getOnce(host.workerPort);
        if (status === 200) answered += 1;
        else failed.push(`${host.name}: ${status}`);
      } catch (error) {
        failed.push(`${host.name}: ${(error as Error).message}`);
      }
      await sleep(50); // steady traffic, without starving the deploy of CPU
    }
  };
  const loops = Promise.all(hosts.map(loop));
  return {
    stop: async () => {
      running = false;
      await loops;
      return { answered, failed };
    },
  };
}

function getOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/', agent: false, timeout: 120_000 }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', reject);
  });
}

export interface CountingRelay {
  /** Where ssh should connect instead of the sshd's own port. */
  readonly port: number;
  /** The sshd's host key, for this port. */
  readonly knownHostsLine: string;
  /** TCP connections made so far: one per ssh login (a multiplexed command makes none). */
  connections(): number;
  close(): Promise<void>;
}

/** A loopback TCP relay in front of an sshd that counts connections, to check that a run logs in once per host. */
export async function countingRelay(sshd: SshdHost): Promise<CountingRelay> {
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    connections += 1;
    const upstream = net.connect(sshd.port, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => (client.destroy(), upstream.destroy()));
      socket.on('close', () => (sockets.delete(socket), client.destroy(), upstream.destroy()));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    knownHostsLine: sshd.knownHostsLine.replace(/^\[127\.0\.0\.1\]:\d+/, `[127.0.0.1]:${port}`),
    connections: () => connections,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
