/**
 * Chunks of a file in, whole lines out: the part after the last newline is
 * kept for the next chunk, as a writer may be half way through a line. A line
 * longer than `maxLineBytes` is not something the web server writes: it is
 * dropped whole, and memory stays bounded whatever the file holds.
 */
export class LineBuffer {
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  /** Inside an over-long line: everything up to its newline is dropped. */
  #dropping = false;
  #dropped = 0;

  constructor(private readonly maxLineBytes: number) {}

  /** Calls `onLine` with each line `chunk` completes, as latin1 (one char per byte), without its newline. */
  push(chunk: Buffer, onLine: (line: string) => void): void {
    let start = 0;
    for (let end = chunk.indexOf(10); end !== -1; end = chunk.indexOf(10, start)) {
      if (this.#dropping) this.#dropping = false;
      else if (this.#pendingBytes + end - start > this.maxLineBytes) this.#dropped += 1;
      else {
        const line = this.#pendingBytes === 0 ? chunk.subarray(start, end) : this.#joined(chunk.subarray(start, end));
        onLine(line.toString('latin1'));
      }
      this.#pending = [];
      this.#pendingBytes = 0;
      start = end + 1;
    }
    if (start === chunk.length || this.#dropping) return;
    const rest = chunk.subarray(start);
    if (this.#pendingBytes + rest.length > this.maxLineBytes) {
      this.#dropping = true;
      this.#dropped += 1;
      this.#pending = [];
      this.#pendingBytes = 0;
      return;
    }
    // A copy: the chunk's memory is reused for the next read.
    this.#pending.push(Buffer.from(rest));
    this.#pendingBytes += rest.length;
  }

  /** Forgets the partial line (the file it came from was truncated or replaced). */
  reset(): void {
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#dropping = false;
  }

  /** Over-long lines dropped since the last call. */
  takeDropped(): number {
    const dropped = this.#dropped;
    this.#dropped = 0;
    return dropped;
  }

  #joined(tail: Buffer): Buffer {
    return Buffer.concat([...this.#pending, tail]);
  }
}
