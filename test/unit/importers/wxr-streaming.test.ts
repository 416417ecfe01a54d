import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { defaultImportOptions, type ReadProgress } from '#app/importers/source.ts';
import { openWxr } from '#app/importers/sources/wxr/index.ts';
import { generateWxr, type GeneratedWxr } from '#test/bench/import/generate-wxr.ts';

let dir: string;
let file: string;
let generated: GeneratedWxr;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'folio-wxr-stream-'));
  file = join(dir, 'big.xml');
  generated = await generateWxr(file, 1500, 2000);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('streams a generated export: every post and comment, progress in bytes up to the file size', async () => {
  const progress: ReadProgress[] = [];
  let articles = 0;
  let comments = 0;
  let terms = 0;
  for await (const item of openWxr(file, defaultImportOptions).items((p) => progress.push(p))) {
    if (item.kind === 'article') articles++;
    if (item.kind === 'comment') comments++;
    if (item.kind === 'term') terms++;
  }
  expect(articles).toBe(generated.posts);
  expect(comments).toBe(generated.comments);
  expect(terms).toBe(20 + 300);
  // Read in chunks, not at once: many progress reports, growing, ending at the file's size.
  expect(progress.length).toBeGreaterThan(5);
  expect(progress.at(-1)).toEqual({ done: generated.bytes, total: generated.bytes, unit: 'bytes' });
  expect(progress.every((p, i) => i === 0 || p.done > (progress[i - 1]?.done ?? 0))).toBe(true);
});
