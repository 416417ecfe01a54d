/**
 * `npm run bench:deploy`: the deploy tool against two real sshd hosts on
 * loopback (each behind a relay that counts ssh logins), the app being this
 * checkout. A first deploy (npm ci; reported, not a target), then in the
 * same run: a bare `ssh host true` round trip and a multiplexed one (median
 * of 10), and 3 repetitions of a later deploy with an unchanged lockfile
 * followed by a rollback. Prints the medians beside the targets and writes
 * test/bench/results/deploy-<date>.json. Everything it starts is stopped and
 * removed at the end, on failure and on Ctrl-C.
 *
 * A rollback's time per host is from the command to that host's last phase
 * done (the old release serving: `current` points at it and its workers
 * answer, both checked after the task returns).
 */
import { execFile } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import type { Recipe } from '#deploy/dsl.ts';
import { runTask } from '#deploy/run.ts';
import { sh } from '#deploy/transport/shell.ts';
import { SshTransport } from '#deploy/transport/ssh.ts';
import { cleanupAll, cleanupOnSignals, onCleanup, removeLater, throwIfInterrupted } from '#test/bench/cleanup.ts';
import {
  commit,
  configure,
  countingRelay,
  createRepository,
  currentRelease,
  get,
  recipe,
  startHosts,
  type CountingRelay,
  type TestHost,
} from '#test/integration/deploy/fixture.ts';
import { sshdBinary } from '#test/support/sshd.ts';

const execFileAsync = promisify(execFile);
const resultsDir = path.join(import.meta.dirname, 'results');
const repetitions = 3;
const log = (line: string) => console.error(`bench:deploy: ${line}`);

const targets = { roundTripsPerHost: 10, laterDeploySeconds: 15, rollbackSecondsPerHost: 2 };

/** One task run: its wall time, each host's time to its last phase done, commands and logins per host, per-phase times. */
interface TaskRun {
  readonly seconds: number;
  readonly hostSeconds: Record<string, number>;
  /** Each host's time to its workers serving the task's release (its restart phase done). */
  readonly servingSeconds: Record<string, number>;
  readonly commands: Record<string, number>;
  readonly logins: Record<string, number>;
  /** The slowest host's time on each phase. */
  readonly phases: Record<string, number>;
}

interface World {
  readonly hosts: TestHost[];
  readonly relays: Map<string, CountingRelay>;
  readonly base: Recipe;
  readonly repo: string;
  readonly identityFile: string;
  readonly knownHosts: string;
  /** The account the hosts are deployed to as (undefined: this process's). */
  readonly user: string | undefined;
}

async function main(): Promise<void> {
  if (!existsSync(sshdBinary))
    throw new Error(
      `${sshdBinary} is missing: the deploy bench needs OpenSSH's server (apt-get install openssh-server)`,
    );
  cleanupOnSignals();
  const world = await startWorld();
  log('setup');
  await task(world, 'setup');
  log('first deploy (npm ci, native modules built once per platform)…');
  const first = await task(world, 'deploy');
  throwIfInterrupted();
  log(`first deploy: ${first.seconds.toFixed(1)} s`);
  const bare = await bareRoundTrips(world);
  const multiplexed = await multiplexedRoundTrips(world);
  const loginShell = await loginShellStart(world.user);
  log(`ssh true: bare ${ms(bare)}, multiplexed ${ms(multiplexed)}`);
  const deploys: TaskRun[] = [];
  const rollbacks: TaskRun[] = [];
  for (let repetition = 1; repetition <= repetitions; repetition += 1) {
    const before = world.hosts.map(currentRelease);
    commit(world.repo, `bench: later deploy ${repetition}`); // new code, same package-lock.json
    const deployed = await task(world, 'deploy');
    deploys.push(deployed);
    log(`later deploy ${repetition}: ${deployed.seconds.toFixed(1)} s, ${JSON.stringify(deployed.commands)} commands`);
    const rolledBack = await task(world, 'rollback');
    await expectServing(world.hosts, before);
    rollbacks.push(rolledBack);
    log(
      `rollback ${repetition}: ${rolledBack.seconds.toFixed(1)} s, ${JSON.stringify(rolledBack.hostSeconds)} per host`,
    );
    throwIfInterrupted();
  }
  const summary = summarize(first, bare, multiplexed, loginShell, deploys, rollbacks);
  console.log(printed(summary));
  write(summary, { first, deploys, rollbacks, bare, multiplexed });
}

async function startWorld(): Promise<World> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'folio-bench-deploy-'));
  removeLater(dir);
  log(`a repository of this checkout and two sshd hosts in ${dir}`);
  const repo = createRepository(dir);
  const hostsWorld = await startHosts(dir, 2);
  onCleanup('stop the hosts (worker pools, sshd)', () => hostsWorld.stop());
  const relays = new Map<string, CountingRelay>();
  for (const host of hostsWorld.hosts) {
    const relay = await countingRelay(host.sshd!);
    onCleanup(`relay for ${host.name}`, () => relay.close());
    relays.set(host.name, relay);
  }
  const knownHosts = path.join(dir, 'known_hosts-relays');
  writeFileSync(knownHosts, [...relays.values()].map((relay) => relay.knownHostsLine).join('\n') + '\n');
  const user = await deployUser(hostsWorld.hosts);
  const plain = recipe(hostsWorld, repo);
  const base: Recipe = {
    ...plain,
    servers: plain.servers!.map((server) => ({ ...server, port: relays.get(server.name!)!.port, user })),
    ssh: { ...plain.ssh, knownHosts },
  };
  return {
    hosts: hostsWorld.hosts,
    relays,
    base,
    repo,
    identityFile: hostsWorld.identityFile,
    knownHosts: hostsWorld.knownHosts,
    user,
  };
}

/**
 * Run as root (CI, this machine), the hosts are deployed to as a `deploy`
 * user of their own, as README's "From a fresh server" sets one up: a
 * system account with /bin/sh, owning the deploy directories. Root's own
 * shell start-up (~/.bashrc: here pyenv, half a second a command) is the
 * machine's, not the deploy's. Run as anyone else, as that user.
 */
async function deployUser(hosts: readonly TestHost[]): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const name = 'folio-bench-deploy';
  const home = `/var/lib/${name}`;
  const exists = await execFileAsync('id', ['-u', name]).then(
    () => true,
    () => false,
  );
  // '*', not useradd's locked '!': sshd (without PAM) refuses even key logins to a locked account.
  if (!exists)
    await execFileAsync('useradd', [
      '--system',
      '--shell',
      '/bin/sh',
      '--home-dir',
      home,
      '--create-home',
      '--password',
      '*',
      name,
    ]);
  // This machine's npm settings (e.g. nodedir: node-gyp finds Node's headers without a download).
  const npmrc = path.join(os.homedir(), '.npmrc');
  if (existsSync(npmrc)) {
    copyFileSync(npmrc, path.join(home, '.npmrc'));
    await execFileAsync('chown', [`${name}:`, path.join(home, '.npmrc')]);
  }
  for (const host of hosts) {
    // sshd reads the keys as the user logging in: public keys, readable by all.
    chmodSync(path.join(host.sshd!.dir, 'authorized_keys'), 0o644);
    const parent = path.dirname(host.deployTo);
    mkdirSync(parent, { recursive: true });
    await execFileAsync('chown', ['-R', `${name}:`, parent]);
    for (let dir = path.dirname(parent); dir.startsWith(os.tmpdir() + path.sep); dir = path.dirname(dir))
      chmodSync(dir, 0o755);
  }
  log(`deploying as ${name} (shell /bin/sh), as a deploy user on a server would`);
  return name;
}

/** Runs a task, timestamping each line of its plain output as it comes; throws with the output if it fails. */
async function task(world: World, name: string): Promise<TaskRun> {
  const lines: { at: number; text: string }[] = [];
  let partial = '';
  const started = performance.now();
  const stream = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      const parts = (partial + chunk.toString()).split('\n');
      partial = parts.pop() ?? '';
      for (const text of parts) lines.push({ at: performance.now() - started, text });
      done();
    },
  });
  const loginsBefore = new Map([...world.relays].map(([host, relay]) => [host, relay.connections()]));
  try {
    await runTask(configure(world.base), { task: name, output: stream, live: false });
  } catch (error) {
    throw new Error(`${name} failed: ${(error as Error).message}\n${lines.map((line) => line.text).join('\n')}`);
  }
  const seconds = (performance.now() - started) / 1000;
  const hostSeconds: Record<string, number> = {};
  const servingSeconds: Record<string, number> = {};
  const phases: Record<string, number> = {};
  for (const { at, text } of lines) {
    const done = /^\[(\S+)\]\s+\d+\/\d+ (\S+) ✓ (?:(\d+(?:\.\d+)?) s|(\d+):(\d\d))$/.exec(text);
    if (!done) continue;
    const [, host, phase, decimal, minutes, rest] = done;
    hostSeconds[host!] = at / 1000;
    if (phase === 'restart') servingSeconds[host!] = at / 1000;
    phases[phase!] = Math.max(phases[phase!] ?? 0, decimal ? Number(decimal) : Number(minutes) * 60 + Number(rest));
  }
  const commands: Record<string, number> = {};
  const counted = lines.map((line) => line.text).find((text) => / commands? over ssh to /.test(text)) ?? '';
  for (const [, n, host] of counted.matchAll(/(\d+) (?:commands? over ssh )?to (\S+?)(?:,|$)/g))
    commands[host!] = Number(n);
  const logins = Object.fromEntries(
    [...world.relays].map(([host, relay]) => [host, relay.connections() - loginsBefore.get(host)!]),
  );
  return { seconds, hostSeconds, servingSeconds, commands, logins, phases };
}

/** After a rollback: each host's `current` is the release it had before the deploy, and its workers answer. */
async function expectServing(hosts: readonly TestHost[], releases: readonly (string | undefined)[]): Promise<void> {
  for (const [index, host] of hosts.entries()) {
    const current = currentRelease(host);
    if (current !== releases[index])
      throw new Error(`${host.name}: after the rollback current is ${current}, expected ${releases[index]}`);
    const { status } = await get(host);
    if (status !== 200) throw new Error(`${host.name}: after the rollback GET / answered ${status}`);
  }
}

/** `ssh host true` with a fresh login each time: what every command cost before connection sharing. */
async function bareRoundTrips(world: World): Promise<number> {
  const host = world.hosts[0]!;
  const args = [
    '-o',
    'BatchMode=yes',
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    `UserKnownHostsFile=${world.knownHosts}`,
    '-o',
    'GlobalKnownHostsFile=/dev/null',
    '-i',
    world.identityFile,
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    'ControlPath=none',
    '-p',
    String(host.sshd!.port),
    ...(world.user ? ['-l', world.user] : []),
    '-T',
    '127.0.0.1',
    'true',
  ];
  const times: number[] = [];
  for (let time = 0; time < 10; time += 1) {
    const started = performance.now();
    await execFileAsync('ssh', args);
    times.push(performance.now() - started);
  }
  return median(times);
}

/**
 * The user's login shell starting with `-c true` as sshd starts it for each
 * command (SSH_CLIENT set: Debian's bash then reads ~/.bashrc): the part of a
 * multiplexed round trip that belongs to the host's account, not to ssh.
 */
async function loginShellStart(user = os.userInfo().username): Promise<number> {
  const { stdout } = await execFileAsync('getent', ['passwd', user]);
  const fields = stdout.trim().split(':');
  const shell = fields[6] || '/bin/sh';
  const env = { HOME: fields[5] || '/', PATH: '/usr/local/bin:/usr/bin:/bin', SSH_CLIENT: '127.0.0.1 50000 22' };
  const times: number[] = [];
  for (let time = 0; time < 10; time += 1) {
    const started = performance.now();
    await execFileAsync(shell, ['-c', 'true'], { env });
    times.push(performance.now() - started);
  }
  return median(times);
}

/** The same over the transport's shared connection: what each deploy command costs now. */
async function multiplexedRoundTrips(world: World): Promise<number> {
  const host = world.hosts[0]!;
  const controlDir = mkdtempSync(path.join(os.tmpdir(), 'folio-bench-ssh-'));
  const transport = new SshTransport(
    { name: host.name, host: '127.0.0.1', port: host.sshd!.port, user: world.user },
    { identityFile: world.identityFile, knownHosts: world.knownHosts, connectTimeout: 60, controlDir },
  );
  const close = onCleanup('close the measuring ssh connection', async () => {
    await transport.close();
    await removeLater(controlDir)();
  });
  await transport.exec(sh`true`);
  const times: number[] = [];
  for (let time = 0; time < 10; time += 1) {
    const started = performance.now();
    await transport.exec(sh`true`);
    times.push(performance.now() - started);
  }
  await close();
  return median(times);
}

interface Summary {
  readonly firstDeploySeconds: number;
  readonly bareSshMs: number;
  readonly multiplexedSshMs: number;
  readonly laterDeploy: {
    seconds: number;
    roundTripsPerHost: Record<string, number>;
    loginsPerHost: Record<string, number>;
    phases: Record<string, number>;
  };
  readonly rollback: {
    seconds: number;
    secondsPerHost: Record<string, number>;
    servingPerHost: Record<string, number>;
    roundTripsPerHost: Record<string, number>;
    phases: Record<string, number>;
  };
  /** The host's login shell starting, as sshd starts it for every command (bash reads ~/.bashrc then). */
  readonly loginShellMs: number;
  readonly targets: { name: string; target: string; measured: string; pass: boolean }[];
}

function summarize(
  first: TaskRun,
  bare: number,
  multiplexed: number,
  loginShell: number,
  deploys: TaskRun[],
  rollbacks: TaskRun[],
): Summary {
  const perHost = (runs: TaskRun[], pick: (run: TaskRun) => Record<string, number>) =>
    Object.fromEntries(
      Object.keys(pick(runs[0]!)).map((host) => [host, median(runs.map((run) => pick(run)[host] ?? NaN))]),
    );
  const phases = (runs: TaskRun[]) => perHost(runs, (run) => run.phases);
  const laterDeploy = {
    seconds: median(deploys.map((run) => run.seconds)),
    roundTripsPerHost: perHost(deploys, (run) => run.commands),
    loginsPerHost: perHost(deploys, (run) => run.logins),
    phases: phases(deploys),
  };
  const rollback = {
    seconds: median(rollbacks.map((run) => run.seconds)),
    secondsPerHost: perHost(rollbacks, (run) => run.hostSeconds),
    servingPerHost: perHost(rollbacks, (run) => run.servingSeconds),
    roundTripsPerHost: perHost(rollbacks, (run) => run.commands),
    phases: phases(rollbacks),
  };
  const worst = (values: Record<string, number>) => Math.max(...Object.values(values));
  return {
    firstDeploySeconds: first.seconds,
    bareSshMs: bare,
    multiplexedSshMs: multiplexed,
    loginShellMs: loginShell,
    laterDeploy,
    rollback,
    targets: [
      {
        name: 'later deploy: round trips per host',
        target: `≤ ${targets.roundTripsPerHost}`,
        measured: String(worst(laterDeploy.roundTripsPerHost)),
        pass: worst(laterDeploy.roundTripsPerHost) <= targets.roundTripsPerHost,
      },
      {
        name: 'later deploy: two hosts',
        target: `≤ ${targets.laterDeploySeconds} s`,
        measured: `${laterDeploy.seconds.toFixed(1)} s`,
        pass: laterDeploy.seconds <= targets.laterDeploySeconds,
      },
      {
        name: 'rollback: command → old release serving, per host',
        target: `≤ ${targets.rollbackSecondsPerHost} s`,
        measured: `${worst(rollback.servingPerHost).toFixed(1)} s`,
        pass: worst(rollback.servingPerHost) <= targets.rollbackSecondsPerHost,
      },
    ],
  };
}

function printed(summary: Summary): string {
  const hosts = Object.keys(summary.laterDeploy.roundTripsPerHost);
  const rows: string[][] = [
    ['', 'median', ...hosts],
    ['first deploy (npm ci)', `${summary.firstDeploySeconds.toFixed(1)} s`, ...hosts.map(() => '')],
    ['ssh host true, bare', ms(summary.bareSshMs), ...hosts.map(() => '')],
    ['ssh host true, multiplexed', ms(summary.multiplexedSshMs), ...hosts.map(() => '')],
    ['  of which the login shell', ms(summary.loginShellMs), ...hosts.map(() => '')],
    ['later deploy', `${summary.laterDeploy.seconds.toFixed(1)} s`, ...hosts.map(() => '')],
    ['  round trips', '', ...hosts.map((host) => String(summary.laterDeploy.roundTripsPerHost[host]))],
    ['  ssh logins', '', ...hosts.map((host) => String(summary.laterDeploy.loginsPerHost[host]))],
    [
      'rollback',
      `${summary.rollback.seconds.toFixed(1)} s`,
      ...hosts.map((host) => `${summary.rollback.secondsPerHost[host]?.toFixed(1)} s`),
    ],
    ['  old release serving', '', ...hosts.map((host) => `${summary.rollback.servingPerHost[host]?.toFixed(1)} s`)],
    ['  round trips', '', ...hosts.map((host) => String(summary.rollback.roundTripsPerHost[host]))],
  ];
  const phaseLine = (label: string, phases: Record<string, number>) =>
    `${label}: ${Object.entries(phases)
      .map(([phase, seconds]) => `${phase} ${seconds.toFixed(1)} s`)
      .join(', ')}`;
  return [
    '',
    table(rows),
    '',
    phaseLine('later deploy, slowest host per phase (median)', summary.laterDeploy.phases),
    phaseLine('rollback, slowest host per phase (median)', summary.rollback.phases),
    '',
    table([
      ['target', 'wanted', 'measured', ''],
      ...summary.targets.map((target) => [target.name, target.target, target.measured, target.pass ? 'PASS' : 'FAIL']),
    ]),
    '',
    `${repetitions} repetitions; ${os.cpus().length} cores, load average ${os
      .loadavg()
      .map((load) => load.toFixed(1))
      .join(' ')}`,
  ].join('\n');
}

function write(summary: Summary, runs: object): void {
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `deploy-${new Date().toISOString().slice(0, 16).replace(':', '')}.json`);
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    loadAverage: os.loadavg(),
    node: process.version,
  };
  writeFileSync(
    file,
    JSON.stringify(
      { date: new Date().toISOString(), machine, repetitions, targets, summary, runs },
      (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value),
      2,
    ) + '\n',
  );
  log(`wrote ${path.relative(process.cwd(), file)}`);
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function median(values: number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function ms(value: number): string {
  return `${value.toFixed(0)} ms`;
}

main()
  .catch((error: Error) => {
    console.error(`bench:deploy: ${error.message}`);
    process.exitCode = 1;
  })
  .finally(() => cleanupAll());
