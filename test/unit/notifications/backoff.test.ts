import { describe, expect, it } from 'vitest';
import { givenUp, maxAttempts, retryDelayMs } from '#app/notifications/backoff.ts';

const minute = 60_000;

describe('retryDelayMs', () => {
  it('doubles from a minute and stops at an hour (without jitter)', () => {
    const none = () => 0;
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => retryDelayMs(n, none) / minute)).toEqual([
      1, 2, 4, 8, 16, 32, 60, 60, 60,
    ]);
  });

  it('jitters by shortening at most a fifth, so the cap holds and each wait below it still grows', () => {
    const most = () => 0.999999;
    expect(retryDelayMs(1, most)).toBeGreaterThanOrEqual(0.8 * minute);
    expect(retryDelayMs(7, most)).toBeGreaterThanOrEqual(48 * minute);
    for (let attempts = 1; attempts < 7; attempts += 1)
      expect(retryDelayMs(attempts + 1, most)).toBeGreaterThan(retryDelayMs(attempts, () => 0));
    for (let i = 0; i < 100; i += 1) expect(retryDelayMs(30)).toBeLessThanOrEqual(60 * minute);
  });
});

describe('givenUp', () => {
  it(`gives up after ${maxAttempts} failed attempts`, () => {
    expect(givenUp(maxAttempts - 1)).toBe(false);
    expect(givenUp(maxAttempts)).toBe(true);
  });
});
