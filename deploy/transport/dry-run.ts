/**
 * The dry-run twin of a transport: every command that would change
 * something is printed, not run, and answers as if it succeeded with no
 * output. Read-only queries (`readlink current`, listing releases) still
 * run, so the plan shows the real previous release and the real
 * directories a cleanup would remove.
 */
import type { Shell } from '#deploy/transport/shell.ts';
import type { ExecOptions, ExecResult, Input, SpawnSpec, Transport } from '#deploy/transport/types.ts';

export type Printer = (line: string) => void;

export class DryRunTransport implements Transport {
  readonly description: string;

  constructor(
    private readonly inner: Transport,
    private readonly print: Printer,
  ) {
    this.description = `${inner.description} (dry run)`;
  }

  async exec(script: Shell, options: ExecOptions = {}): Promise<ExecResult> {
    if (options.readOnly) return this.inner.exec(script, options);
    this.print(`would run: ${describeInput(options.input)}${script.text}`);
    return { code: 0, stdout: '', stderr: '' };
  }

  /** Only the read-only queries reach the host. */
  get commands(): number {
    return this.inner.commands;
  }

  source(script: Shell): SpawnSpec {
    return this.inner.source(script);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

function describeInput(input: Input | undefined): string {
  if (!input) return '';
  if (input.kind === 'text') return `<${input.describe}> | `;
  if (input.kind === 'remote') return `<${input.from.description}: ${input.script.text}> | `;
  return `${input.argv.join(' ')}${input.cwd ? ` (in ${input.cwd})` : ''} | `;
}
