import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { runFolio } from '#test/support/cli.ts';

describe('npm run export', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'folio-export-cli-'));
    env = { FOLIO_DATA_DIR: path.join(dir, 'data') };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses an unknown format, an unknown option and an unusable --out, before exporting anything', async () => {
    const format = await runFolio(['export', '--format', 'zip'], env);
    expect(format.code).toBe(1);
    expect(format.stderr).toContain('folio: --format: expected one of folio, wxr, markdown, got "zip"');
    expect(format.stderr).toContain('usage: npm run export -- [--format folio|wxr|markdown] [--out FILE|-]');

    const option = await runFolio(['export', '--to', 'x'], env);
    expect(option.code).toBe(1);
    expect(option.stderr).toMatch(/folio: Unknown option '--to'/);

    const taken = path.join(dir, 'taken.xml');
    writeFileSync(taken, 'keep me');
    const exists = await runFolio(['export', '--out', taken], env);
    expect(exists.code).toBe(1);
    expect(exists.stderr).toContain(`--out: ${taken} already exists; give a new file name`);
    expect(readFileSync(taken, 'utf8')).toBe('keep me');

    const nowhere = await runFolio(['export', '--out', path.join(dir, 'missing', 'x.xml')], env);
    expect(nowhere.code).toBe(1);
    expect(nowhere.stderr).toContain(`the folder ${path.join(dir, 'missing')} does not exist`);
  });

  it('writes the chosen format to the file, complete, and nothing beside it', async () => {
    const out = path.join(dir, 'exports', 'blog.xml');
    mkdirSync(path.dirname(out));
    const result = await runFolio(['export', '--format', 'wxr', '--out', out], env);
    expect(result.stderr).toMatch(/exported wxr to .*blog\.xml/);
    expect(result.code).toBe(0);
    const xml = readFileSync(out, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('<wp:wxr_version>1.2</wp:wxr_version>');
    expect(xml).toContain('Welcome to Folio');
    expect(readdirSync(path.dirname(out))).toEqual(['blog.xml']);
  });

  it('writes to standard output with --out -, and nothing else there', async () => {
    const result = await runFolio(['export', '--format', 'wxr', '--out', '-'], env);
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith('<?xml version="1.0" encoding="UTF-8" ?>')).toBe(true);
    expect(result.stdout.trimEnd().endsWith('</rss>')).toBe(true);
    expect(XMLValidator.validate(result.stdout)).toBe(true);
  });

  it('writes a folio archive by default', async () => {
    const out = path.join(dir, 'blog.tar.gz');
    const result = await runFolio(['export', '--out', out], env);
    expect(result.code).toBe(0);
    expect(readFileSync(out).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(existsSync(`${out}.partial`)).toBe(false);
  });
});
