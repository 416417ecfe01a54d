/**
 * Questions over the IPC channel and their answers, matched by id: the
 * supervisor asking a worker for its metrics, a worker asking the supervisor
 * for the pool's. An answer that does not come in time is given up on (the
 * promise resolves undefined), and one that comes later is ignored.
 */
export class Questions<A> {
  #nextId = 1;
  readonly #pending = new Map<number, (answer: A | undefined) => void>();

  /** `send` puts the question on the channel with the id its answer must carry. */
  ask(send: (id: number) => void, timeoutMs: number): Promise<A | undefined> {
    const id = this.#nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle(undefined), timeoutMs);
      // A question never keeps a process alive.
      timer.unref();
      const settle = (answer: A | undefined) => {
        clearTimeout(timer);
        this.#pending.delete(id);
        resolve(answer);
      };
      this.#pending.set(id, settle);
      try {
        send(id);
      } catch {
        settle(undefined);
      }
    });
  }

  answer(id: number, answer: A): void {
    this.#pending.get(id)?.(answer);
  }
}
