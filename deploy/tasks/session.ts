/**
 * One host during one task: its configuration, its paths, its transport,
 * and the reporter its output goes to. Tasks talk to hosts only through
 * `run` (changes something; printed in a dry run) and `query` (reads).
 */
import type { HostConfig } from '#deploy/configuration.ts';
import type { Role } from '#deploy/dsl.ts';
import type { Reporter } from '#deploy/output/reporter.ts';
import { sh, command, quote, type Shell } from '#deploy/transport/shell.ts';
import { CommandError, type Input, type Transport } from '#deploy/transport/types.ts';
import type { HostPaths } from '#deploy/tasks/paths.ts';

export class HostSession {
  constructor(
    readonly host: HostConfig,
    readonly paths: HostPaths,
    readonly transport: Transport,
    private readonly reporter: Reporter,
  ) {}

  get name(): string {
    return this.host.name;
  }

  has(role: Role): boolean {
    return this.host.roles.includes(role);
  }

  /** Runs a script that changes the host; resolves with its stdout, throws CommandError when it fails. */
  run(script: Shell, options: { input?: Input; what?: string } = {}): Promise<string> {
    return this.exec(script, { ...options, readOnly: false });
  }

  /** Runs a script that only reads (it runs in a dry run too); resolves with stdout. */
  query(script: Shell, what?: string): Promise<string> {
    return this.exec(script, { readOnly: true, what });
  }

  /** `argv` with the app's environment (`release`'s .deploy-env), in `cwd` (default the release). */
  appCommand(release: string, argv: readonly string[], cwd = release): Shell {
    return sh`cd ${cwd} && set -a && . ${`${release}/.deploy-env`} && set +a && ${command(...argv)}`;
  }

  /**
   * `argv` for a recipe hook: the app's environment comes from the recipe on
   * stdin (see envInput), not from the release's .deploy-env, so a hook has it
   * at every phase, even before the release exists; it runs in `cwd`, else the
   * release, else deployTo while the release is not there yet.
   */
  hookCommand(release: string, argv: readonly string[], cwd?: string): Shell {
    const where = cwd ? sh`cd ${cwd}` : sh`{ cd ${release} 2>/dev/null || cd ${this.paths.deployTo}; }`;
    return sh`${where} && set -a && . /dev/stdin && set +a && ${command(...argv)} < /dev/null`;
  }

  /** The app's environment for this host, as .deploy-env holds it (KEY=quoted value lines), to feed a command's stdin. */
  envInput(): Input {
    return {
      kind: 'text',
      text: environmentFile(this.host.env),
      describe: `the app environment: ${Object.keys(this.host.env).join(', ')}`,
    };
  }

  private async exec(script: Shell, options: { readOnly: boolean; input?: Input; what?: string }): Promise<string> {
    const result = await this.transport.exec(script, {
      readOnly: options.readOnly,
      input: options.input,
      onLine: (_stream, line) => this.reporter.output(this.name, line),
    });
    if (result.code !== 0) {
      const detail = tail(result.stderr) || tail(result.stdout);
      throw new CommandError(
        `${options.what ?? firstWords(script.text)} failed (exit ${result.code})${detail ? `: ${detail}` : ''}`,
        result.code,
        result.stderr,
      );
    }
    return result.stdout;
  }
}

/** KEY=value lines, each value quoted for sh: what .deploy-env holds. */
function environmentFile(env: Readonly<Record<string, string>>): string {
  return Object.entries(env)
    .map(([key, value]) => `${key}=${quote(value)}\n`)
    .join('');
}

/**
 * The argv of a `folio` command in a release (what `npm run folio -- …` runs),
 * without npm's own start-up: half a second a command on a small host.
 */
export function folioCommand(...args: string[]): string[] {
  return ['node', 'app/commands/launch.mjs', ...args];
}

function tail(text: string, lines = 6): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}

function firstWords(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
