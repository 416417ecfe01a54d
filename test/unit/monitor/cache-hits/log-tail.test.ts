import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openLogTail, type LogTail } from '#app/monitor/cache-hits/log-tail.ts';
import { LineBuffer } from '#app/monitor/cache-hits/line-buffer.ts';

let dir: string;
let file: string;
const tails: LogTail[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'folio-log-tail-'));
  file = path.join(dir, 'cache-hits.log');
});
afterEach(async () => {
  for (const tail of tails.splice(0)) await tail.close();
  rmSync(dir, { recursive: true, force: true });
});

function tailOf(options?: Parameters<typeof openLogTail>[1]) {
  const tail = openLogTail(file, options);
  tails.push(tail);
  return {
    tail,
    lines: async () => {
      const lines: string[] = [];
      const read = await tail.read((line) => lines.push(line));
      return Object.assign(lines, { report: read });
    },
  };
}

describe('the tail of a log', () => {
  it('starts at the end the file had when it was opened: old lines are never read again', async () => {
    writeFileSync(file, 'old 1\nold 2\n');
    const { lines } = tailOf();
    appendFileSync(file, 'new 1\n');
    expect([...(await lines())]).toEqual(['new 1']);
    expect([...(await lines())]).toEqual([]);
    appendFileSync(file, 'new 2\nnew 3\n');
    expect([...(await lines())]).toEqual(['new 2', 'new 3']);
  });

  it('waits for a file that does not exist yet, then reads it from its start', async () => {
    const { lines } = tailOf();
    expect([...(await lines())]).toEqual([]);
    writeFileSync(file, 'first\nsecond\n');
    expect([...(await lines())]).toEqual(['first', 'second']);
  });

  it('keeps a partial last line until its end is written', async () => {
    const { lines } = tailOf();
    writeFileSync(file, 'one\ntw');
    expect([...(await lines())]).toEqual(['one']);
    appendFileSync(file, 'o\nthr');
    expect([...(await lines())]).toEqual(['two']);
    appendFileSync(file, 'ee\n');
    expect([...(await lines())]).toEqual(['three']);
  });

  it('follows a rotation: the old file to its end, what the server still writes there, then the new file', async () => {
    writeFileSync(file, '');
    const { lines } = tailOf();
    appendFileSync(file, 'a\n');
    expect([...(await lines())]).toEqual(['a']);
    appendFileSync(file, 'b\n');
    renameSync(file, `${file}.1`);
    // Moved away, nothing new at the path yet: the old file is still the one.
    appendFileSync(`${file}.1`, 'c\n');
    expect([...(await lines())]).toEqual(['b', 'c']);
    writeFileSync(file, 'd\n');
    // Until its reload, the server still writes to the old file.
    appendFileSync(`${file}.1`, 'e\n');
    const rotated = await lines();
    expect([...rotated]).toEqual(['e', 'd']);
    expect(rotated.report.rotated).toBe(true);
    appendFileSync(`${file}.1`, 'f\n');
    appendFileSync(file, 'g\n');
    expect([...(await lines())]).toEqual(['f', 'g']);
    // A second rotation, the first old file long quiet.
    renameSync(file, `${file}.2`);
    writeFileSync(file, 'h\n');
    expect([...(await lines())]).toEqual(['h']);
  });

  it('reads a truncated file (copytruncate) again from its start', async () => {
    writeFileSync(file, '');
    const { lines } = tailOf();
    appendFileSync(file, 'a long first line\nand a partial');
    expect([...(await lines())]).toEqual(['a long first line']);
    truncateSync(file, 0);
    appendFileSync(file, 'x\n');
    const after = await lines();
    expect([...after]).toEqual(['x']);
    expect(after.report.truncated).toBe(true);
  });

  it('reads a backlog in bounded reads, the rest on the next ones, losing and doubling nothing', async () => {
    writeFileSync(file, '');
    const { lines } = tailOf({ chunkBytes: 64, maxBytesPerRead: 1000 });
    const written = Array.from({ length: 500 }, (_, i) => `line ${i}`);
    appendFileSync(file, written.map((line) => `${line}\n`).join(''));
    const seen: string[] = [];
    for (;;) {
      const batch = await lines();
      expect(batch.report.bytes).toBeLessThanOrEqual(1000);
      seen.push(...batch);
      if (!batch.report.more) break;
    }
    expect(seen).toEqual(written);
  });

  it('drops a line longer than any the server writes, whole, and goes on', async () => {
    writeFileSync(file, '');
    const { lines } = tailOf({ chunkBytes: 16, maxLineBytes: 40 });
    appendFileSync(file, `short\n${'x'.repeat(100)}\nafter\n`);
    const read = await lines();
    expect([...read]).toEqual(['short', 'after']);
    expect(read.report.droppedLines).toBe(1);
  });
});

describe('the line buffer', () => {
  it('joins lines cut across chunks and drops an over-long one cut across chunks', () => {
    const buffer = new LineBuffer(8);
    const lines: string[] = [];
    for (const chunk of ['ab', 'c\nde', 'f\n', '0123', '45678', '9\nok\n', 'x'])
      buffer.push(Buffer.from(chunk), (line) => lines.push(line));
    expect(lines).toEqual(['abc', 'def', 'ok']);
    expect(buffer.takeDropped()).toBe(1);
    buffer.reset();
    buffer.push(Buffer.from('y\n'), (line) => lines.push(line));
    expect(lines.at(-1)).toBe('y');
  });
});
