/**
 * Real OpenSSH servers for the deploy tests: each `startSshd` runs
 * /usr/sbin/sshd in the foreground on a free loopback port, with its own
 * generated host key and an authorized_keys file in its own temp dir, and
 * logs in as the current user (root on CI) with key authentication only.
 */
import { freePort } from '#test/support/ports.ts';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const sshdBinary = '/usr/sbin/sshd';

export interface SshdHost {
  readonly port: number;
  readonly dir: string;
  /** `[127.0.0.1]:PORT ssh-ed25519 AAAA…`, the line a known_hosts file needs for this server. */
  readonly knownHostsLine: string;
  stop(): Promise<void>;
  /** The host drops off the network: every open connection is cut (SIGKILL to its session processes) and nothing listens. */
  cut(): Promise<void>;
  /** After `cut`: listens again on the same port, with the same host key. */
  restart(): Promise<void>;
}

/** An ed25519 key pair without a passphrase: `dir/name` and `dir/name.pub`. */
export async function generateKey(
  dir: string,
  name: string,
  comment = name,
): Promise<{ privateKey: string; publicKey: string }> {
  const file = path.join(dir, name);
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file]);
  return { privateKey: file, publicKey: readFileSync(`${file}.pub`, 'utf8').trim() };
}

/** Starts sshd in `dir` (created), accepting `authorizedKeys`; resolves once it listens. */
export async function startSshd(dir: string, authorizedKeys: readonly string[]): Promise<SshdHost> {
  mkdirSync(dir, { recursive: true });
  mkdirSync('/run/sshd', { recursive: true }); // sshd's privilege separation directory
  const hostKey = await generateKey(dir, 'ssh_host_ed25519_key', 'test-host');
  writeFileSync(path.join(dir, 'authorized_keys'), authorizedKeys.join('\n') + '\n', { mode: 0o600 });
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    const config = path.join(dir, 'sshd_config');
    writeFileSync(config, sshdConfig(dir, port));
    try {
      const start = () =>
        listening(spawn(sshdBinary, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] }));
      let child = await start();
      const [type, key] = hostKey.publicKey.split(' ');
      return {
        port,
        dir,
        knownHostsLine: `[127.0.0.1]:${port} ${type} ${key}`,
        stop: () => stopChild(child),
        cut: async () => {
          // Each connection is served by a child of the listener; killing those cuts every session at once.
          await run('pkill', ['-KILL', '-P', String(child.pid)]).catch(() => undefined);
          await stopChild(child);
        },
        restart: async () => {
          child = await start();
        },
      };
    } catch (error) {
      if (attempt >= 3 || !/Address already in use/.test((error as Error).message)) throw error;
    }
  }
}

function sshdConfig(dir: string, port: number): string {
  return [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${path.join(dir, 'ssh_host_ed25519_key')}`,
    `PidFile ${path.join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PermitRootLogin prohibit-password',
    'UsePAM no',
    'StrictModes no',
    'PrintMotd no',
    'MaxSessions 64',
    'MaxStartups 64:30:128',
    'LogLevel INFO',
    '',
  ].join('\n');
}

function listening(child: ChildProcess): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`sshd did not start listening:\n${log}`));
    }, 60_000); // a bound for a hang only: sshd reports it listens, and a busy machine may be slow to start it
    child.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (/Server listening on/.test(log)) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sshd exited with code ${code}:\n${log}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export { freePort };
