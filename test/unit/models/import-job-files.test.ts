/**
 * What the admin import does with an uploaded file before any source reads
 * it: tell its shape from its first bytes (and refuse the wrong format at
 * once), and unpack archives without letting anything out of the job's folder.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { formatFor, shapeOf } from '#app/models/import-job/detect.ts';
import { extractArchive } from '#app/models/import-job/archive.ts';
import { ImportInputError } from '#app/importers/source.ts';

const shape = (text: string | Buffer) => shapeOf(Buffer.isBuffer(text) ? text : Buffer.from(text));

describe('an uploaded export’s shape', () => {
  it('tells WXR, feeds, JSON, archives, databases and dumps apart', () => {
    expect(shape('\uFEFF<?xml version="1.0"?>\n<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/">')).toBe(
      'wxr',
    );
    expect(shape('<?xml version="1.0"?><rss version="2.0"><channel>')).toBe('feed');
    expect(shape('<feed xmlns="http://www.w3.org/2005/Atom">')).toBe('feed');
    expect(shape('<html><body>')).toBe('xml');
    expect(shape('  {"db":[{"meta":{}}]}')).toBe('json');
    expect(shape(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0]))).toBe('archive');
    expect(shape(Buffer.from([0x1f, 0x8b, 8, 0]))).toBe('archive');
    expect(shape(Buffer.from('SQLite format 3\0rest'))).toBe('sqlite');
    expect(shape('-- MySQL dump 10.13\n')).toBe('sql');
    expect(shape('hello')).toBe('unknown');
  });

  it('picks the format to detect, and refuses one the file cannot be', () => {
    expect(formatFor('wxr', 'detect')).toEqual({ format: 'wxr' });
    expect(formatFor('archive', 'detect')).toEqual({ format: 'markdown' });
    expect(formatFor('wxr', 'feed')).toEqual({ format: 'feed' });
    expect(formatFor('json', 'wxr')).toEqual({
      problem: 'This file looks like a JSON file, which cannot be read as a WordPress export (WXR).',
    });
    expect(formatFor('sqlite', 'detect')).toEqual({
      problem: 'This file looks like an SQLite database: choose whether it is Typo’s or Mephisto’s.',
    });
    expect(formatFor('sqlite', 'mephisto')).toEqual({ format: 'mephisto' });
  });
});

describe('unpacking an archive', () => {
  let dir: string;
  const limits = { maxBytes: 1_000_000, maxEntries: 100 };
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'folio-import-archive-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function tarOf(name: string, files: Record<string, string>, extra: (source: string) => void = () => {}): string {
    const source = path.join(dir, `${name}-source`);
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(source, file)), { recursive: true });
      writeFileSync(path.join(source, file), text);
    }
    extra(source);
    const archive = path.join(dir, `${name}.tar.gz`);
    tar.c({ gzip: true, file: archive, cwd: source, sync: true, portable: true }, ['.']);
    return archive;
  }

  it('unpacks a .tar.gz folder of files, leaving out links', async () => {
    const archive = tarOf(
      'site',
      { 'posts/hello.md': '---\ntitle: Hello\n---\nHi', '2009/05/cat.jpg': 'jpeg' },
      (source) => symlinkSync('/etc/passwd', path.join(source, 'posts/passwd.md')),
    );
    const into = path.join(dir, 'site-out');
    await extractArchive(archive, into, limits);
    expect(readFileSync(path.join(into, 'posts/hello.md'), 'utf8')).toContain('title: Hello');
    expect(readFileSync(path.join(into, '2009/05/cat.jpg'), 'utf8')).toBe('jpeg');
    expect(existsSync(path.join(into, 'posts/passwd.md'))).toBe(false);
  });

  it('stops at its size and entry limits, as an ImportInputError', async () => {
    const big = tarOf('big', { 'a.md': 'x'.repeat(2000), 'b.md': 'y'.repeat(2000) });
    await expect(extractArchive(big, path.join(dir, 'big-out'), { maxBytes: 3000, maxEntries: 100 })).rejects.toThrow(
      /unpacks to more than/,
    );
    const many = tarOf('many', Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`${i}.md`, 'z'])));
    await expect(extractArchive(many, path.join(dir, 'many-out'), { maxBytes: 1e6, maxEntries: 5 })).rejects.toThrow(
      ImportInputError,
    );
  });

  it('refuses a file that is no archive with a message, not a crash', async () => {
    const notArchive = path.join(dir, 'not.tar.gz');
    writeFileSync(notArchive, 'plain words, no archive');
    await expect(extractArchive(notArchive, path.join(dir, 'not-out'), limits)).rejects.toThrow(ImportInputError);
  });
});
