/**
 * When a notification that failed is tried again: 1 minute after the first
 * failure, then 2, 4, 8 … capped at an hour, each cut by up to a fifth at
 * random so that many rows failed together (the mail server was down) do not
 * all come back in the same second. After `maxAttempts` it is given up.
 */

export const maxAttempts = 8;

const firstDelayMs = 60_000;
const longestDelayMs = 60 * 60_000;

/** The wait after the `attempts`-th failed attempt (1 for the first), in milliseconds. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const doubled = firstDelayMs * 2 ** Math.max(0, attempts - 1);
  // Jitter only shortens, so the cap holds, and below it each wait is longer than the one before (0.8 × 2 > 1).
  return Math.round(Math.min(doubled, longestDelayMs) * (1 - 0.2 * random()));
}

/** Whether a notification that has now failed `attempts` times is given up. */
export function givenUp(attempts: number): boolean {
  return attempts >= maxAttempts;
}
