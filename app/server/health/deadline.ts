/**
 * The bound on a whole check (--timeout): one signal that every request
 * waits on, and a note of what is under way, so that whichever notices the
 * deadline first (the request in flight, or the command's own guard around
 * a step that is not a request) reports it in the same words.
 */
export class CheckFailure extends Error {
  override name = 'CheckFailure';
}

export class Deadline {
  readonly signal: AbortSignal;
  readonly seconds: number;
  #doing = { step: 'starting the check', target: '' };

  constructor(seconds: number) {
    this.seconds = seconds;
    this.signal = AbortSignal.timeout(seconds * 1000);
  }

  /** Notes what the check is doing now (`GET /`), and to which target (`worker 0: `, or none for the release in-process). */
  doing(step: string, target = ''): void {
    this.#doing = { step, target };
  }

  /** The failure for a check the deadline cut short. */
  expired(): CheckFailure {
    return new CheckFailure(
      `${this.#doing.target}✗ ${this.#doing.step}: no answer within ${this.seconds} s (--timeout)`,
    );
  }

  /** `work`'s result, or expired() once the deadline passes, whatever `work` is stuck in. */
  async guard<T>(work: Promise<T>): Promise<T> {
    let onAbort: (() => void) | undefined;
    const expired = new Promise<never>((_resolve, reject) => {
      onAbort = () => reject(this.expired());
      if (this.signal.aborted) onAbort();
      else this.signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([work, expired]);
    } finally {
      if (onAbort) this.signal.removeEventListener('abort', onAbort);
    }
  }
}
