import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runFolio } from '#test/support/cli.ts';

describe('npm run import: bad usage', () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'folio-import-cli-'));
    file = path.join(dir, 'export.xml');
    writeFileSync(file, '<rss/>');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    [['import'], /give a format and a file or folder\nusage: npm run import -- </],
    [['import', 'blogger', 'FILE'], /unknown format "blogger": use one of wxr, ghost, feed/],
    [['import', 'wxr', 'missing.xml'], /no such file or folder: missing\.xml/],
    [['import', 'wxr', 'FILE', '--pings', 'sometimes'], /--pings: expected keep or drop/],
    [['import', 'wxr', 'FILE', '--frobnicate'], /Unknown option '--frobnicate'/],
  ])('%j exits 1 with a message, before touching the blog', async (args, message) => {
    const data = path.join(dir, 'data');
    const result = await runFolio(
      args.map((a) => (a === 'FILE' ? file : a)),
      { FOLIO_DATA_DIR: data },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^folio: /);
    expect(result.stderr).toMatch(message);
    expect(existsSync(path.join(data, 'folio.db'))).toBe(false);
  });
});
