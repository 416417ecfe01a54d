/**
 * The terminal face of the reporter: events scroll by above a block of one
 * status line per host (phase x of y, time on the phase, time since the
 * host started, and the last meaningful line its command printed: what npm
 * is fetching or building), which is redrawn in place a few times a second.
 * A line is cut to the terminal's width only when the width is known.
 */
import { formatDuration } from '#deploy/output/duration.ts';
import type { Reporter, ReporterOptions } from '#deploy/output/reporter.ts';

interface HostStatus {
  state: 'waiting' | 'running' | 'done' | 'failed';
  step: string;
  phase: string;
  startedAt: number | undefined;
  phaseStartedAt: number;
  finishedAt: number | undefined;
  /** The running command's last meaningful output line. */
  activity: string;
}

const esc = '\x1b';
const clearLine = `${esc}[2K\r`;
/** A terminal control sequence (ESC [ … letter): colours, cursor moves, line clears. */
const controlSequence = new RegExp(`${esc}\\[[0-9;?]*[A-Za-z]`, 'g');

export class LiveReporter implements Reporter {
  private readonly status = new Map<string, HostStatus>();
  private readonly width: number;
  private drawn = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly options: ReporterOptions) {
    this.width = Math.max(0, ...options.hosts.map((host) => host.length));
    for (const host of options.hosts) this.status.set(host, idle());
    this.timer = setInterval(() => this.redraw(), 250);
    this.timer.unref();
  }

  phaseStarted(host: string, index: number, total: number, phase: string): void {
    const status = this.hostStatus(host);
    const now = Date.now();
    Object.assign(status, {
      state: 'running',
      step: `${index}/${total}`,
      phase,
      phaseStartedAt: now,
      finishedAt: undefined,
      activity: '',
    });
    status.startedAt ??= now;
    this.redraw();
  }

  phaseDone(host: string, phase: string, ms: number): void {
    const status = this.hostStatus(host);
    if (status.step.split('/')[0] === status.step.split('/')[1])
      Object.assign(status, { state: 'done', finishedAt: Date.now() });
    this.above(host, `${status.step} ${phase} ✓ ${formatDuration(ms)}`);
  }

  phaseFailed(host: string, phase: string, message: string): void {
    Object.assign(this.hostStatus(host), { state: 'failed', finishedAt: Date.now() });
    this.above(host, `${phase} ✗ ${message}`);
  }

  info(host: string | undefined, text: string): void {
    this.above(host, text);
  }

  warn(host: string | undefined, text: string): void {
    this.above(host, `\x1b[33mwarning:\x1b[0m ${text}`);
  }

  output(host: string, line: string): void {
    const activity = meaningful(line);
    if (activity) this.hostStatus(host).activity = activity;
    if (this.options.verbose) this.above(host, `  ${line}`);
  }

  block(text: string): void {
    this.erase();
    this.options.stream.write(text.endsWith('\n') ? text : `${text}\n`);
    this.redraw();
  }

  close(): void {
    clearInterval(this.timer);
    this.redraw();
  }

  private hostStatus(host: string): HostStatus {
    const status = this.status.get(host);
    if (status) return status;
    const created = idle();
    this.status.set(host, created);
    return created;
  }

  private above(host: string | undefined, text: string): void {
    this.erase();
    const prefix = host === undefined ? '' : `[${host}]${' '.repeat(Math.max(0, this.width - host.length))} `;
    for (const line of text.split('\n')) this.options.stream.write(`${prefix}${line}\n`);
    this.redraw();
  }

  private erase(): void {
    if (this.drawn === 0) return;
    this.options.stream.write(`\x1b[${this.drawn}A`);
    for (let line = 0; line < this.drawn; line += 1) this.options.stream.write(`${clearLine}\n`);
    this.options.stream.write(`\x1b[${this.drawn}A`);
    this.drawn = 0;
  }

  private redraw(): void {
    const started = [...this.status.entries()].filter(([, status]) => status.startedAt !== undefined);
    if (started.length === 0) return;
    const lines = started.map(([host, status]) => this.line(host, status));
    if (this.drawn > 0) this.options.stream.write(`\x1b[${this.drawn}A`);
    for (const line of lines) this.options.stream.write(`${clearLine}${line}\n`);
    this.drawn = lines.length;
  }

  private line(host: string, status: HostStatus): string {
    const now = status.finishedAt ?? Date.now();
    const total = formatDuration(now - (status.startedAt ?? now));
    const name = host.padEnd(this.width);
    const text =
      status.state === 'done'
        ? `${name}  ✓ done                    ${total}`
        : status.state === 'failed'
          ? `${name}  ✗ ${status.phase} failed             ${total}`
          : `${name}  ▸ ${status.step.padStart(5)} ${status.phase.padEnd(16)} ${formatDuration(now - status.phaseStartedAt).padStart(7)}   ${total}${status.activity ? `   ${status.activity}` : ''}`;
    const columns = this.options.stream.columns;
    return columns ? [...text].slice(0, columns - 1).join('') : text;
  }
}

function idle(): HostStatus {
  return {
    state: 'waiting',
    step: '',
    phase: 'waiting',
    startedAt: undefined,
    phaseStartedAt: 0,
    finishedAt: undefined,
    activity: '',
  };
}

/** The text a line shows once terminal codes and carriage-return redraws are gone; undefined when nothing readable is left. */
export function meaningful(line: string): string | undefined {
  const shown = line
    .replace(controlSequence, '')
    .split('\r')
    .filter((part) => part.trim())
    .pop()
    ?.trim();
  return shown && /[A-Za-z0-9]/.test(shown) ? shown.replace(/\s+/g, ' ') : undefined;
}
