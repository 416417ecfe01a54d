/**
 * What the ssh transport refuses, against a real sshd: a changed or unknown
 * host key, a key the server does not accept (no password prompt, ever), and
 * a host that is not there, which fails a deploy fast and leaves the
 * reachable host untouched and unlocked.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Recipe } from '#deploy/dsl.ts';
import { commit, configure, recipe, run, startHosts, type Hosts } from '#test/integration/deploy/fixture.ts';
import { freePort, generateKey } from '#test/support/sshd.ts';

let dir: string;
let world: Hosts;
let base: Recipe;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'folio-deploy-refusals-'));
  world = await startHosts(dir, 1);
  const repo = path.join(dir, 'repo');
  mkdirSync(repo);
  writeFileSync(path.join(repo, 'package.json'), '{}\n');
  commit(repo, 'tiny', true);
  base = recipe(world, repo);
  expect((await run(configure(base), 'setup')).ok).toBe(true);
});

afterAll(async () => {
  await world?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function withKnownHosts(content: string): Recipe {
  const file = path.join(dir, `known_hosts-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, content);
  return { ...base, ssh: { ...base.ssh, knownHosts: file } };
}

describe('the ssh transport refuses', () => {
  it('a changed host key, clearly, and touches nothing', async () => {
    const impostor = await generateKey(dir, 'impostor_host_key');
    const [type, key] = impostor.publicKey.split(' ');
    const result = await run(
      configure(withKnownHosts(`[127.0.0.1]:${world.hosts[0]!.sshd!.port} ${type} ${key}\n`)),
      'deploy',
    );
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(
      /refusing host-a \(127\.0\.0\.1 port \d+\): its host key has CHANGED from the one in \S+known_hosts-\w+ \(it now offers SHA256:\S+\)\. This can be a man-in-the-middle attack/,
    );
    expect(existsSync(path.join(world.hosts[0]!.deployTo, 'deploy.lock'))).toBe(false);
  });

  it('an unknown host key, never trusting it silently', async () => {
    const result = await run(configure(withKnownHosts('')), 'check');
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(
      /✗ connection +refusing host-a \(127\.0\.0\.1 port \d+\): its host key is not in \S+, and unknown hosts are never trusted silently/,
    );
  });

  it('to wait for a password when the key is not accepted', async () => {
    const stranger = await generateKey(dir, 'stranger');
    const started = Date.now();
    const result = await run(configure({ ...base, ssh: { ...base.ssh, identityFile: stranger.privateKey } }), 'check');
    expect(result.output).toMatch(
      /host-a \(127\.0\.0\.1 port \d+\) refused our key \(Permission denied\)\. Deploys use key authentication only and never wait for a password/,
    );
    expect(Date.now() - started).toBeLessThan(60_000); // it returns, never waiting for a password (a bound for a hang, not a speed)
  });
});

describe('an unreachable host', () => {
  it('fails a deploy fast, with a clear message, leaving the other host untouched and unlocked', async () => {
    const deadPort = await freePort();
    const servers = [
      ...base.servers!,
      {
        host: '127.0.0.1',
        port: deadPort,
        name: 'host-gone',
        roles: ['app' as const],
        deployTo: path.join(dir, 'gone'),
        workers: { http: true, listen: '127.0.0.1:1', count: 1 },
      },
    ];
    const started = Date.now();
    const result = await run(configure({ ...base, servers }), 'deploy');
    expect(Date.now() - started).toBeLessThan(60_000); // a bound for a hang, not a speed: the refusal below shows it waited for no timeout
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(
      new RegExp(
        `^deploy failed at lock on host-gone: cannot reach host-gone \\(127\\.0\\.0\\.1 port ${deadPort}\\): connection refused`,
      ),
    );
    expect(result.output).toMatch(/\[host-a\] +undone lock: remove our lock/);
    const deployTo = world.hosts[0]!.deployTo;
    expect(existsSync(path.join(deployTo, 'deploy.lock'))).toBe(false);
    expect(readdirSync(path.join(deployTo, 'releases'))).toEqual([]);
  });
});

describe('the ssh connection', () => {
  it('is shared per host and closed afterwards (no master left running)', async () => {
    expect((await run(configure(base), 'releases')).ok).toBe(true);
    // A master shows as "ssh: <control socket> [mux]"; one whose run has ended (its control dir is gone) was left behind.
    const masters = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => /^ssh: \S*folio-ssh-.* \[mux\]/.test(line));
    expect(masters.filter((line) => !existsSync(path.dirname(line.split(' ')[1]!)))).toEqual([]);
  });
});
