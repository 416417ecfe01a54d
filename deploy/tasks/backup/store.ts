/**
 * The backup host, seen from the deploy tool:
 *   <path>/20260514093000/<host>/    one directory per run, one per host inside (db:backup's layout)
 *   <path>/20260514093000.partial/   a run under way (or one that died: the next run removes it)
 *   <path>/.lock/info                who is backing up or restoring, since when
 * Commands go through a transport like any host's (ssh with the recipe's
 * settings, or local); files go with rsync (rsync.ts).
 */
import type { BackupConfig, Configuration } from '#deploy/configuration.ts';
import type { Reporter } from '#deploy/output/reporter.ts';
import { DryRunTransport } from '#deploy/transport/dry-run.ts';
import { LocalTransport } from '#deploy/transport/local.ts';
import { sh, type Shell } from '#deploy/transport/shell.ts';
import { SshTransport } from '#deploy/transport/ssh.ts';
import { CommandError, type Transport } from '#deploy/transport/types.ts';
import { isBackupName } from '#deploy/tasks/backup/plan.ts';

export class BackupStore {
  readonly transport: Transport;
  /** The transport that really runs rsync's remote side (the dry-run twin only prints). */
  readonly real: SshTransport | LocalTransport;

  constructor(
    readonly config: BackupConfig,
    ssh: Configuration['ssh'],
    controlDir: string,
    dryRun: boolean,
    private readonly reporter: Reporter,
  ) {
    this.real =
      config.transport === 'local'
        ? new LocalTransport()
        : new SshTransport(
            { name: config.name, host: config.host, port: config.port, user: config.user },
            { ...ssh, controlDir },
          );
    this.transport = dryRun ? new DryRunTransport(this.real, (line) => reporter.info(this.label, line)) : this.real;
  }

  /** How its lines are prefixed: `backup host backup.example.com`. */
  get label(): string {
    return `backup ${this.config.name}`;
  }

  /** `<path>/<name>`, or the path itself. */
  dir(...names: string[]): string {
    return [this.config.path, ...names].join('/');
  }

  /** Runs a script that changes the backup host; stdout, or a CommandError saying `what` failed. */
  async run(script: Shell, what: string, readOnly = false): Promise<string> {
    const result = await this.transport.exec(script, {
      readOnly,
      onLine: (_stream, line) => this.reporter.output(this.label, line),
    });
    if (result.code !== 0)
      throw new CommandError(
        `${what} on ${this.label} failed (exit ${result.code}): ${result.stderr.trim() || result.stdout.trim()}`,
        result.code,
        result.stderr,
      );
    return result.stdout;
  }

  /** The complete backups there, oldest first (none when the path does not exist yet). */
  async list(): Promise<string[]> {
    const output = await this.run(sh`if [ -d ${this.dir()} ]; then ls -1 ${this.dir()}; fi`, 'list the backups', true);
    return output.split('\n').filter(isBackupName).sort();
  }

  /** The host directories in backup `name`. */
  async hostsIn(name: string): Promise<string[]> {
    const output = await this.run(sh`ls -1 ${this.dir(name)}`, `list backup ${name}`, true);
    return output.split('\n').filter(Boolean).sort();
  }

  close(): Promise<void> {
    return this.transport.close();
  }
}
