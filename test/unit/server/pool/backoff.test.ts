import { describe, it, expect } from 'vitest';
import { Backoff, defaultBackoff } from '#app/server/pool/backoff.ts';

describe("a slot's backoff", () => {
  it('doubles from 0.1 s up to 10 s for workers that never got healthy', () => {
    const backoff = new Backoff({ ...defaultBackoff, crashLoopDeaths: 100 });
    const delays = Array.from({ length: 10 }, (_, i) => backoff.recordDeath(i * 60_001, 0).delayMs);
    expect(delays).toEqual([100, 200, 400, 800, 1600, 3200, 6400, 10_000, 10_000, 10_000]);
  });

  it('starts over at 0.1 s when the worker that died had been up for 60 s', () => {
    const backoff = new Backoff();
    backoff.recordDeath(0, 0);
    backoff.recordDeath(1000, 0);
    expect(backoff.recordDeath(2000, 500).delayMs).toBe(400);
    expect(backoff.recordDeath(100_000, 60_000).delayMs).toBe(100);
    expect(backoff.recentDeaths(100_000)).toBe(1);
  });

  it('flags a crash loop at the 5th death within 60 s and then retries once a minute', () => {
    const backoff = new Backoff();
    const verdicts = [0, 1000, 2000, 3000, 4000, 5000].map((at) => backoff.recordDeath(at, 0));
    expect(verdicts.slice(0, 4).map((v) => v.crashLoop)).toEqual([false, false, false, false]);
    expect(verdicts[4]).toEqual({ delayMs: 60_000, crashLoop: true, enteredCrashLoop: true });
    expect(verdicts[5]).toEqual({ delayMs: 60_000, crashLoop: true, enteredCrashLoop: false });
    expect(backoff.crashLoop).toBe(true);
  });

  it('does not count deaths spread wider than the window as a loop', () => {
    const backoff = new Backoff();
    const verdicts = [0, 20_000, 40_000, 60_000, 80_000, 100_000].map((at) => backoff.recordDeath(at, 0));
    expect(verdicts.some((v) => v.crashLoop)).toBe(false);
    expect(backoff.recentDeaths(100_000)).toBe(3);
  });

  it('clears the crash loop once a worker has been healthy for 60 s', () => {
    const backoff = new Backoff();
    for (const at of [0, 1, 2, 3, 4]) backoff.recordDeath(at, 0);
    expect(backoff.settleIfHealthy(59_999)).toBe(false);
    expect(backoff.crashLoop).toBe(true);
    expect(backoff.settleIfHealthy(60_000)).toBe(true);
    expect(backoff.crashLoop).toBe(false);
    expect(backoff.recordDeath(70_000, 0).delayMs).toBe(100);
    expect(backoff.settleIfHealthy(60_000)).toBe(true);
    expect(new Backoff().settleIfHealthy(120_000)).toBe(false); // nothing to settle
  });
});
