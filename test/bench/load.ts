/**
 * Drives load with wrk (Debian's package) at fixed settings and reads its
 * report: requests/s, p50, p99 and errors.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface LoadResult {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  requests: number;
}

export const loadSettings = { threads: 2, connections: 32, seconds: 4 } as const;

export async function drive(url: string, seconds: number = loadSettings.seconds): Promise<LoadResult> {
  const { stdout } = await run('wrk', [`-t${loadSettings.threads}`, `-c${loadSettings.connections}`, `-d${seconds}s`, '--latency', url], { timeout: (seconds + 30) * 1000 });
  return parseWrk(stdout);
}

/** Parses wrk's text report. */
export function parseWrk(report: string): LoadResult {
  const number = (pattern: RegExp) => Number(pattern.exec(report)?.[1] ?? NaN);
  const latency = (percentile: string) => toMs(new RegExp(`^\\s*${percentile}%\\s+([\\d.]+\\w+)`, 'm').exec(report)?.[1] ?? 'NaN');
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(report);
  const non2xx = number(/Non-2xx or 3xx responses: (\d+)/);
  return {
    rps: number(/Requests\/sec:\s+([\d.]+)/),
    p50Ms: latency('50'),
    p99Ms: latency('99'),
    errors: (Number.isNaN(non2xx) ? 0 : non2xx) + (socketErrors ? socketErrors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0),
    requests: number(/(\d+) requests in/),
  };
}

function toMs(value: string): number {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(value);
  if (!match) return NaN;
  const n = Number(match[1]);
  return match[2] === 'us' ? n / 1000 : match[2] === 'ms' ? n : match[2] === 's' ? n * 1000 : n * 60_000;
}
