/**
 * The seam between tasks and hosts. Tasks hand a transport a `Shell`
 * script; the ssh transport runs it on a remote host, the local one on this
 * machine, and the dry-run twin prints it instead.
 */
import type { Shell } from '#deploy/transport/shell.ts';

/**
 * What feeds the command's stdin: a text (a file's content), the stdout of a
 * local command (git archive), or the stdout of a script on another host
 * (a built node_modules, streamed host → this machine → host).
 */
export type Input =
  | {
      readonly kind: 'text';
      readonly text: string;
      /** Shown by a dry run instead of the text (it may hold secrets). */ readonly describe: string;
    }
  | { readonly kind: 'command'; readonly argv: readonly string[]; readonly cwd?: string }
  | { readonly kind: 'remote'; readonly from: Transport; readonly script: Shell };

/** A local process to start: `ssh … host script` or `/bin/sh -c script`. */
export interface SpawnSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

export interface ExecOptions {
  /** Changes nothing: runs even in a dry run (a query such as `readlink current`). */
  readonly readOnly?: boolean;
  readonly input?: Input;
  /** Each line of output as it comes. */
  readonly onLine?: (stream: 'stdout' | 'stderr', line: string) => void;
}

export interface ExecResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Transport {
  /** `ssh root@127.0.0.1:2201` or `local`: for messages. */
  readonly description: string;
  /** Commands sent so far, each one round trip (a `remote` input's source counts on its own host). */
  readonly commands: number;
  exec(script: Shell, options?: ExecOptions): Promise<ExecResult>;
  /** The local process that runs `script` on this host, for piping its stdout into another host's command; counts as a command. */
  source(script: Shell): SpawnSpec;
  /** Ends shared connections. */
  close(): Promise<void>;
}

/** The host could not be reached or refused us (host key, authentication, network). */
export class ConnectionError extends Error {
  override name = 'ConnectionError';
}

/** A command ran and failed. */
export class CommandError extends Error {
  override name = 'CommandError';
  constructor(
    message: string,
    readonly code: number,
    readonly stderr: string,
  ) {
    super(message);
  }
}
