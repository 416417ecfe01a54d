/**
 * The one way tests wait for something that leaves no event to await: a file
 * appearing, a directory emptying, a process exiting. Where there is an event
 * (a child's 'exit', a server's 'listening'), await it with `once` instead.
 */
import { setTimeout as sleep } from 'node:timers/promises';

type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

export interface WaitForOptions {
  /** Give up after this many milliseconds: by default just inside the unit tier's 10 s test timeout, so this message is the one seen. */
  timeout?: number;
  /**
   * What was awaited, as the failure should say it ("the temp dir to empty"), or a function that
   * says it at the moment of failure (with the state it found); by default the check's source.
   */
  message?: string | (() => string);
  /** Milliseconds between looks. */
  interval?: number;
}

/**
 * Resolves with the first truthy value `check` returns. A `check` that throws
 * (an `expect` not yet met) counts as not yet; on timeout the failure names
 * `message` and the last error.
 */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  { timeout = 9_000, message = String(check), interval = 20 }: WaitForOptions = {},
): Promise<Truthy<T>> {
  const deadline = performance.now() + timeout;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as Truthy<T>;
    } catch (error) {
      lastError = error;
    }
    if (performance.now() >= deadline) throw new Error(timedOut(message, timeout, lastError));
    await sleep(interval);
  }
}

function timedOut(message: string | (() => string), timeout: number, lastError: unknown): string {
  const what = typeof message === 'function' ? message() : message;
  const reason = lastError instanceof Error ? `; last: ${lastError.message}` : '';
  return `waitFor: gave up on ${what} after ${timeout} ms${reason}`;
}
