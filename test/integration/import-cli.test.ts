import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
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

describe('npm run import: a WordPress export, from the terminal', () => {
  const wordpress = path.resolve(import.meta.dirname, '../fixtures/import/wordpress');
  let data: string;
  beforeAll(() => {
    data = mkdtempSync(path.join(tmpdir(), 'folio-import-cli-wxr-'));
  });
  afterAll(() => rmSync(data, { recursive: true, force: true }));

  const importWxr = (file: string, ...flags: string[]) =>
    runFolio(
      ['import', 'wxr', path.join(wordpress, file), '--uploads-dir', path.join(wordpress, 'uploads'), ...flags],
      {
        FOLIO_DATA_DIR: data,
      },
    );

  it('checks with a dry run, imports, then finds nothing new to do on a second run', async () => {
    const dry = await importWxr('wp6-gutenberg.xml', '--dry-run');
    expect([dry.code, dry.stderr]).toEqual([0, '']);
    expect(dry.stdout).toMatch(/dry run/i);
    expect(dry.stdout).toMatch(/article\s+7\s+0\s+0\s+0/);

    const first = await importWxr('wp6-gutenberg.xml');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/article\s+7\s+0\s+0\s+0/);
    expect(first.stdout).toMatch(/Authors created without a usable password/);
    expect(first.stdout).toMatch(/in the trash/);

    const second = await importWxr('wp6-gutenberg.xml');
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/article\s+0\s+0\s+7\s+0/);
  });

  it('refuses a truncated export with the line, exit 1, and the blog as it was', async () => {
    const rows = () => {
      const blog = new Database(path.join(data, 'folio.db'), { readonly: true });
      try {
        return ['Article', 'Comment', 'Redirect', 'ImportedRecord', 'Asset'].map(
          (table) => (blog.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n,
        );
      } finally {
        blog.close();
      }
    };
    const before = rows();
    const truncated = await importWxr('truncated.xml');
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toMatch(/line \d+/);
    expect(truncated.stderr).toMatch(/Nothing was imported/);
    expect(rows()).toEqual(before);
    const after = await importWxr('wp6-gutenberg.xml', '--dry-run');
    expect(after.stdout).toMatch(/article\s+0\s+0\s+7\s+0/);
  });
});
