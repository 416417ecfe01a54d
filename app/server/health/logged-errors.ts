/**
 * The error the app logged for a failed request, found by its request id
 * (X-Request-Id, on every log line about the request): from this process's
 * own logger when the release is checked in-process, from the pool's log
 * file when a worker is.
 */
import { closeSync, openSync, readSync, statSync, watch, type FSWatcher } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino, type Logger } from 'pino';

interface LogLine {
  level?: number;
  msg?: string;
  reqId?: string;
  err?: { type?: string; message?: string };
}

/** Warnings (a busy database's 503) and errors: what explains a failed answer. */
const warnLevel = 40;

/** A logger for an in-process app that keeps its warnings and errors in memory, and prints nothing. */
export class CapturedErrors {
  readonly logger: Logger;
  readonly #lines: LogLine[] = [];

  constructor(base: Record<string, unknown>) {
    // pino writes each line synchronously to any object with write().
    this.logger = pino(
      { level: 'warn', base },
      { write: (line: string) => void this.#lines.push(JSON.parse(line) as LogLine) },
    );
  }

  /** What was logged for `requestId`; else what was logged with no request id (an error page that failed to render). */
  explain(requestId: string | undefined): string | undefined {
    const mine = this.#lines.filter((line) => requestId !== undefined && line.reqId === requestId);
    return describe(mine.length > 0 ? mine : this.#lines.filter((line) => line.reqId === undefined));
  }
}

/** Where a log file ends now: only what is written after it is searched. */
export function logFileEnd(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/**
 * What the pool's log file (JSON lines from every worker) says about
 * `requestId` after byte `from`, for a request just answered: a worker
 * writes its lines about a request as it answers, so they may not be in
 * the file yet. Waits
 * for the file to change until a line for the request is there, for at most
 * `patienceMs` (a request can end with nothing logged) or until `signal` aborts.
 */
export async function awaitLoggedInFile(
  file: string,
  from: number,
  requestId: string | undefined,
  signal: AbortSignal,
  patienceMs = 5_000,
): Promise<string | undefined> {
  if (requestId === undefined) return undefined;
  const until = Date.now() + patienceMs;
  let wake: (() => void) | undefined;
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(file, () => wake?.());
  } catch {
    return undefined; // no log file: nothing will be found
  }
  try {
    for (;;) {
      const changed = new Promise<void>((resolve) => (wake = resolve));
      const lines = linesFor(file, from, requestId);
      if (lines.length > 0 || Date.now() >= until || signal.aborted) return describe(lines);
      await Promise.race([changed, sleep(Math.max(0, Math.min(250, until - Date.now())))]);
    }
  } finally {
    watcher.close();
  }
}

function linesFor(file: string, from: number, requestId: string): LogLine[] {
  let text: string;
  try {
    text = readFrom(file, from);
  } catch {
    return [];
  }
  const mine: LogLine[] = [];
  for (const raw of text.split('\n')) {
    if (!raw.includes(requestId)) continue;
    try {
      const line = JSON.parse(raw) as LogLine;
      if (line.reqId === requestId) mine.push(line);
    } catch {
      /* a line being written, or not JSON */
    }
  }
  return mine;
}

/** `request failed: Error: home template exploded`, one line per warning or error, joined. */
function describe(lines: LogLine[]): string | undefined {
  const serious = lines.filter((line) => (line.level ?? 0) >= warnLevel);
  if (serious.length === 0) return undefined;
  return serious
    .map((line) => {
      const error = line.err ? `${line.err.type ?? 'Error'}: ${oneLine(line.err.message ?? '')}` : '';
      return [line.msg, error].filter(Boolean).join(': ');
    })
    .join('; ');
}

/** Template errors carry the template's source lines: the message proper comes last. */
function oneLine(message: string): string {
  const lines = message
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  if (lines.length <= 1) return lines[0] ?? '';
  return `${lines.at(-1)} (${lines[0]})`;
}

function readFrom(file: string, from: number): string {
  const fd = openSync(file, 'r');
  try {
    const size = statSync(file).size;
    // A log rotated since the check began is read from its start.
    const start = from <= size ? from : 0;
    const buffer = Buffer.alloc(size - start);
    let offset = 0;
    while (offset < buffer.length) {
      const read = readSync(fd, buffer, offset, buffer.length - offset, start + offset);
      if (read === 0) break;
      offset += read;
    }
    return buffer.toString('utf8', 0, offset);
  } finally {
    closeSync(fd);
  }
}
