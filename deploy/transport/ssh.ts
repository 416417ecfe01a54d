/**
 * The ssh transport, over the system's OpenSSH client: key authentication
 * only (BatchMode: no password or passphrase prompt can ever block), host
 * keys checked strictly against the recipe's known_hosts, and one
 * multiplexed connection per host (ControlMaster), so each command costs a
 * channel, not a handshake. The user's ~/.ssh/config still applies
 * (ProxyJump, ports), as it does for their own ssh.
 *
 * The shared connection is started on its own (`ssh -N -f`, no remote
 * command) before the first command, and every command waits for it: with
 * ControlMaster=auto alone, commands that start together before a master
 * exists each open their own connection (measured: two at once → two
 * logins on sshd).
 */
import os from 'node:os';
import path from 'node:path';
import { runProcess } from '#deploy/transport/process.ts';
import type { Shell } from '#deploy/transport/shell.ts';
import { explainSshFailure, type SshTarget } from '#deploy/transport/ssh-errors.ts';
import {
  ConnectionError,
  type ExecOptions,
  type ExecResult,
  type SpawnSpec,
  type Transport,
} from '#deploy/transport/types.ts';

/** How long the shared connection outlives its last command: long enough to idle through another host's npm ci. */
const persistSeconds = 900;

export interface SshHost {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly user: string | undefined;
}

export interface SshSettings {
  readonly identityFile: string | undefined;
  readonly knownHosts: string | undefined;
  readonly connectTimeout: number;
  /** Where the control sockets live (a private temp dir, removed by the caller). */
  readonly controlDir: string;
}

export class SshTransport implements Transport {
  readonly description: string;
  private readonly target: SshTarget;
  private connected: Promise<void> | undefined;
  commands = 0;

  constructor(
    private readonly host: SshHost,
    private readonly settings: SshSettings,
  ) {
    this.description = `ssh ${host.user ? `${host.user}@` : ''}${host.host}:${host.port}`;
    this.target = { ...host, knownHosts: settings.knownHosts ?? path.join(os.homedir(), '.ssh', 'known_hosts') };
  }

  /**
   * Opens the shared connection once (a login, no remote command: `-N`),
   * backgrounded by ssh itself once authenticated (`-f`), so it is ready
   * when this resolves. A refused host key or an unreachable host fails
   * here, clearly, and so fails the first command.
   */
  connect(): Promise<void> {
    this.connected ??= runProcess({
      command: 'ssh',
      args: [...this.options('yes'), '-N', '-f', '--', this.host.host],
    }).then((result) => {
      if (result.code !== 0)
        throw new ConnectionError(
          explainSshFailure(this.target, result.stderr) ??
            `cannot open a connection to ${this.host.name}: ${result.stderr.trim()}`,
        );
    });
    return this.connected;
  }

  async exec(script: Shell, options: ExecOptions = {}): Promise<ExecResult> {
    await this.connect();
    const result = await runProcess(this.source(script), options);
    if (result.code === 255) {
      const problem = explainSshFailure(this.target, result.stderr);
      if (problem) throw new ConnectionError(problem);
    }
    return result;
  }

  /** `ssh … host script` over the shared connection (a new one if it is gone: ControlMaster=auto). */
  source(script: Shell): SpawnSpec {
    this.commands += 1;
    return { command: 'ssh', args: [...this.options('auto'), '-T', '--', this.host.host, script.text] };
  }

  /** The ssh argv rsync's `-e` runs (host and command appended by rsync): the same settings and shared connection. */
  remoteShell(): string[] {
    return ['ssh', ...this.options('auto')];
  }

  async close(): Promise<void> {
    if (!this.connected) return;
    await runProcess({ command: 'ssh', args: [...this.options('auto'), '-O', 'exit', '--', this.host.host] }).catch(
      () => undefined,
    );
  }

  private options(master: 'yes' | 'auto'): string[] {
    const { identityFile, knownHosts, connectTimeout, controlDir } = this.settings;
    const option = (setting: string) => ['-o', setting];
    return [
      ...option('BatchMode=yes'),
      ...option('PasswordAuthentication=no'),
      ...option('KbdInteractiveAuthentication=no'),
      ...option('StrictHostKeyChecking=yes'),
      ...(knownHosts
        ? [...option(`UserKnownHostsFile=${knownHosts}`), ...option('GlobalKnownHostsFile=/dev/null')]
        : []),
      ...(identityFile ? ['-i', identityFile, ...option('IdentitiesOnly=yes')] : []),
      ...option(`ConnectTimeout=${connectTimeout}`),
      ...option('ServerAliveInterval=15'),
      ...option('ServerAliveCountMax=4'),
      ...option(`ControlMaster=${master}`),
      ...option(`ControlPath=${path.join(controlDir, '%C')}`),
      ...option(`ControlPersist=${persistSeconds}`),
      ...option('LogLevel=ERROR'),
      '-p',
      String(this.host.port),
      ...(this.host.user ? ['-l', this.host.user] : []),
    ];
  }
}
