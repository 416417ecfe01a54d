/**
 * The ssh transport, over the system's OpenSSH client: key authentication
 * only (BatchMode: no password or passphrase prompt can ever block), host
 * keys checked strictly against the recipe's known_hosts, and one
 * multiplexed connection per host (ControlMaster), so each command costs a
 * channel, not a handshake. The user's ~/.ssh/config still applies
 * (ProxyJump, ports), as it does for their own ssh.
 */
import os from 'node:os';
import path from 'node:path';
import { runProcess } from '#deploy/transport/process.ts';
import { literal, type Shell } from '#deploy/transport/shell.ts';
import { explainSshFailure, type SshTarget } from '#deploy/transport/ssh-errors.ts';
import { ConnectionError, type ExecOptions, type ExecResult, type Transport } from '#deploy/transport/types.ts';

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

  constructor(
    private readonly host: SshHost,
    private readonly settings: SshSettings,
  ) {
    this.description = `ssh ${host.user ? `${host.user}@` : ''}${host.host}:${host.port}`;
    this.target = { ...host, knownHosts: settings.knownHosts ?? path.join(os.homedir(), '.ssh', 'known_hosts') };
  }

  /** Opens the shared connection once; a refused host key or an unreachable host fails here, clearly. */
  connect(): Promise<void> {
    this.connected ??= this.session(literal('true'), {}).then((result) => {
      if (result.code !== 0) throw new ConnectionError(explainSshFailure(this.target, result.stderr) ?? `cannot open a session on ${this.host.name}: ${result.stderr.trim()}`);
    });
    return this.connected;
  }

  async exec(script: Shell, options: ExecOptions = {}): Promise<ExecResult> {
    await this.connect();
    const result = await this.session(script, options);
    if (result.code === 255) {
      const problem = explainSshFailure(this.target, result.stderr);
      if (problem) throw new ConnectionError(problem);
    }
    return result;
  }

  async close(): Promise<void> {
    if (!this.connected) return;
    await runProcess({ command: 'ssh', args: [...this.options(), '-O', 'exit', '--', this.host.host] }).catch(() => undefined);
  }

  private session(script: Shell, options: ExecOptions): Promise<ExecResult> {
    return runProcess({ command: 'ssh', args: [...this.options(), '-T', '--', this.host.host, script.text] }, options);
  }

  private options(): string[] {
    const { identityFile, knownHosts, connectTimeout, controlDir } = this.settings;
    const option = (setting: string) => ['-o', setting];
    return [
      ...option('BatchMode=yes'),
      ...option('PasswordAuthentication=no'),
      ...option('KbdInteractiveAuthentication=no'),
      ...option('StrictHostKeyChecking=yes'),
      ...(knownHosts ? [...option(`UserKnownHostsFile=${knownHosts}`), ...option('GlobalKnownHostsFile=/dev/null')] : []),
      ...(identityFile ? ['-i', identityFile, ...option('IdentitiesOnly=yes')] : []),
      ...option(`ConnectTimeout=${connectTimeout}`),
      ...option('ServerAliveInterval=15'),
      ...option('ServerAliveCountMax=4'),
      ...option('ControlMaster=auto'),
      ...option(`ControlPath=${path.join(controlDir, '%C')}`),
      ...option('ControlPersist=120'),
      ...option('LogLevel=ERROR'),
      '-p',
      String(this.host.port),
      ...(this.host.user ? ['-l', this.host.user] : []),
    ];
  }
}
