/**
 * The time the app's rules run on: what is visible ("published and its time
 * has come"), and when the page cache's schedule wakes. Production reads the
 * system clock; a test sets a ManualClock, so a scheduled article comes due
 * when the test says rather than when the wall clock gets there.
 */
export interface Clock {
  now(): Date;
  /** Calls `callback` once the clock reads `time` (ms since the epoch) or later; the returned function cancels. */
  at(time: number, callback: () => void): () => void;
}

/** A timer may fire a millisecond early by the wall clock; a few more keep "at or later" true. */
const timerMargin = 5;

export const systemClock: Clock = {
  now: () => new Date(),
  at(time, callback) {
    const timer = setTimeout(callback, Math.max(0, time - Date.now()) + timerMargin);
    // A wake-up for the cache never keeps a process alive on its own.
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/** The twin for tests: it stands still until set, and then runs what came due, earliest first. */
export class ManualClock implements Clock {
  #time: number;
  #pending = new Set<{ time: number; callback: () => void }>();

  constructor(start: Date) {
    this.#time = start.getTime();
  }

  now(): Date {
    return new Date(this.#time);
  }

  at(time: number, callback: () => void): () => void {
    const entry = { time, callback };
    this.#pending.add(entry);
    return () => this.#pending.delete(entry);
  }

  set(time: Date): void {
    this.#time = time.getTime();
    const due = [...this.#pending].filter((entry) => entry.time <= this.#time).sort((a, b) => a.time - b.time);
    for (const entry of due) {
      this.#pending.delete(entry);
      entry.callback();
    }
  }
}
