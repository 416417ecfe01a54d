/**
 * Drives load with wrk (Debian's package) at fixed settings and reads its
 * report: requests/s, p50, p99 and errors.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { onCleanup } from '#test/bench/cleanup.ts';

const run = promisify(execFile);

export interface LoadResult {
  rps: number;
  /** NaN when no request finished within the run (wrk only times finished requests). */
  p50Ms: number;
  p99Ms: number;
  /** Non-2xx/3xx answers plus socket errors (connect, read, write, timeout). */
  errors: number;
  /** The errors by kind, as wrk reports them (only when there were any). */
  errorKinds?: { non2xx: number; connect: number; read: number; write: number; timeout: number };
  requests: number;
}

/** The fixed settings; only the duration varies (--seconds), and the rounds (interleave.ts). */
export const loadSettings = { threads: 2, connections: 32 } as const;

/** One wrk run at the fixed settings (or with `connections` instead), not warmed up. */
export async function wrk(
  url: string,
  seconds: number,
  connections: number = loadSettings.connections,
): Promise<LoadResult> {
  const args = [`-t${loadSettings.threads}`, `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', '--latency', url];
  let stdout: string;
  const running = run('wrk', args, { timeout: (seconds + 30) * 1000 });
  const forget = onCleanup('wrk', () => void running.child.kill('SIGKILL'));
  try {
    ({ stdout } = await running);
  } catch (error) {
    const failure = error as Error & { stderr?: string };
    throw new Error(`wrk ${args.join(' ')} failed: ${failure.stderr?.trim() || failure.message}`);
  } finally {
    await forget();
  }
  const result = parseWrk(stdout);
  if (Number.isNaN(result.rps) || Number.isNaN(result.requests))
    throw new Error(`could not read wrk's report:\n${stdout}`);
  // No request finished within the run: wrk prints zero latencies, which would read as instant.
  if (result.requests === 0) return { ...result, p50Ms: NaN, p99Ms: NaN };
  return result;
}

/** Parses wrk's text report (wrk 4, with --latency). */
export function parseWrk(report: string): LoadResult {
  const number = (pattern: RegExp) => Number(pattern.exec(report)?.[1] ?? NaN);
  const latency = (percentile: string) =>
    toMs(new RegExp(`^\\s*${percentile}%\\s+([\\d.]+[a-z]+)`, 'm').exec(report)?.[1] ?? '');
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(report);
  const non2xx = number(/Non-2xx or 3xx responses: (\d+)/);
  const [connect, read, write, timeout] = socketErrors ? socketErrors.slice(1).map(Number) : [0, 0, 0, 0];
  const kinds = {
    non2xx: Number.isNaN(non2xx) ? 0 : non2xx,
    connect: connect!,
    read: read!,
    write: write!,
    timeout: timeout!,
  };
  const errors = Object.values(kinds).reduce((sum, n) => sum + n, 0);
  return {
    rps: number(/Requests\/sec:\s+([\d.]+)/),
    p50Ms: latency('50'),
    p99Ms: latency('99'),
    errors,
    ...(errors > 0 ? { errorKinds: kinds } : {}),
    requests: number(/(\d+) requests in/),
  };
}

function toMs(value: string): number {
  const match = /^([\d.]+)(us|ms|s|m|h)$/.exec(value);
  if (!match) return NaN;
  const factor = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 'us' | 'ms' | 's' | 'm' | 'h'];
  return Number(match[1]) * factor;
}
