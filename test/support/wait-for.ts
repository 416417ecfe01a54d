/**
 * The one way tests wait for something that leaves no event to await: a file
 * appearing, a directory emptying, a process exiting. Where there is an event
 * (a child's 'exit', a server's 'listening'), await it with `once` instead.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitForOptions {
  /** Give up after this many milliseconds; generous, since CI machines are busy. */
  timeout?: number;
  /** What was awaited, as the failure should say it ("the temp dir to empty"). */
  message?: string;
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
  { timeout = 10_000, message = 'the condition', interval = 20 }: WaitForOptions = {},
): Promise<NonNullable<T>> {
  const deadline = performance.now() + timeout;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (performance.now() >= deadline) throw new Error(timedOut(message, timeout, lastError));
    await sleep(interval);
  }
}

function timedOut(message: string, timeout: number, lastError: unknown): string {
  const reason = lastError instanceof Error ? `; last: ${lastError.message}` : '';
  return `waitFor: gave up on ${message} after ${timeout} ms${reason}`;
}
