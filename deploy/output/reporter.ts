/**
 * What the tasks tell the person deploying, through one interface with two
 * faces: a live display (one status line per host, redrawn in place) on a
 * terminal, plain prefixed lines everywhere else (CI logs, pipes, tests).
 */
import type { Writable } from 'node:stream';
import { formatDuration } from '#deploy/output/duration.ts';
import { LiveReporter } from '#deploy/output/live.ts';

export interface Reporter {
  /** `host` started phase `index` (1-based) of `total`. */
  phaseStarted(host: string, index: number, total: number, phase: string): void;
  phaseDone(host: string, phase: string, ms: number): void;
  phaseFailed(host: string, phase: string, message: string): void;
  /** A line about one host, or about the whole run (host undefined). */
  info(host: string | undefined, text: string): void;
  warn(host: string | undefined, text: string): void;
  /** A line of a command's output: shown when verbose. */
  output(host: string, line: string): void;
  /** Printed as it is (tables, listings). */
  block(text: string): void;
  close(): void;
}

export interface ReporterOptions {
  readonly stream: Writable & { isTTY?: boolean; columns?: number };
  readonly hosts: readonly string[];
  readonly verbose?: boolean;
  /** Default: whether the stream is a terminal. */
  readonly live?: boolean;
}

export function createReporter(options: ReporterOptions): Reporter {
  const live = options.live ?? Boolean(options.stream.isTTY);
  return live ? new LiveReporter(options) : new PlainReporter(options);
}

/** One line per event, each prefixed with its host: readable in a log and easy to grep. */
export class PlainReporter implements Reporter {
  private readonly width: number;
  private readonly totals = new Map<string, string>();

  constructor(private readonly options: ReporterOptions) {
    this.width = Math.max(0, ...options.hosts.map((host) => host.length));
  }

  phaseStarted(host: string, index: number, total: number, phase: string): void {
    this.totals.set(host, `${index}/${total}`);
    this.write(host, `${index}/${total} ${phase} …`);
  }

  phaseDone(host: string, phase: string, ms: number): void {
    this.write(host, `${this.totals.get(host) ?? ''} ${phase} ✓ ${formatDuration(ms)}`.trim());
  }

  phaseFailed(host: string, phase: string, message: string): void {
    this.write(host, `${this.totals.get(host) ?? ''} ${phase} ✗ ${message}`.trim());
  }

  info(host: string | undefined, text: string): void {
    this.write(host, text);
  }

  warn(host: string | undefined, text: string): void {
    this.write(host, `warning: ${text}`);
  }

  output(host: string, line: string): void {
    if (this.options.verbose) this.write(host, `  ${line}`);
  }

  block(text: string): void {
    this.options.stream.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  close(): void {}

  private write(host: string | undefined, text: string): void {
    const prefix = host === undefined ? '' : `[${host}]${' '.repeat(Math.max(0, this.width - host.length))} `;
    for (const line of text.split('\n')) this.options.stream.write(`${prefix}${line}\n`);
  }
}
