import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  allNames,
  generateStoredName,
  moveIntoPlace,
  parseUploadPath,
  storedPath,
  variantName,
} from '#app/models/upload/storage.ts';
import type { UploadDirs } from '#config/uploads.ts';

describe('generateStoredName', () => {
  it('files the name under the UTC year and month, with random hex and the detected extension', () => {
    expect(generateStoredName('png', new Date('2026-11-03T10:00:00Z'), Buffer.from('0001020304a0b0ff', 'hex'))).toBe(
      '2026/11/0001020304a0b0ff.png',
    );
    expect(generateStoredName('pdf', new Date('2026-11-30T23:30:00-05:00'), Buffer.alloc(8))).toBe(
      '2026/12/0000000000000000.pdf',
    );
  });

  it('never repeats and always matches the served pattern', () => {
    const names = Array.from({ length: 2000 }, () => generateStoredName('jpg'));
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(parseUploadPath(name)).toEqual({ storedName: name, variant: null });
  });
});

describe('parseUploadPath', () => {
  it('reads the original and its variants', () => {
    expect(parseUploadPath('2026/11/3f9c2a7d1b8e4c5d.png')).toEqual({
      storedName: '2026/11/3f9c2a7d1b8e4c5d.png',
      variant: null,
    });
    expect(parseUploadPath('2026/11/3f9c2a7d1b8e4c5d-thumb.png')).toEqual({
      storedName: '2026/11/3f9c2a7d1b8e4c5d.png',
      variant: 'thumb',
    });
    expect(parseUploadPath('2026/11/3f9c2a7d1b8e4c5d-medium.webp')).toEqual({
      storedName: '2026/11/3f9c2a7d1b8e4c5d.webp',
      variant: 'medium',
    });
  });

  it.each([
    '../folio.db',
    '2026/11/../../folio.db',
    '/etc/passwd',
    '2026/11/3f9c2a7d1b8e4c5d.png/..',
    '2026\\11\\3f9c2a7d1b8e4c5d.png',
    '2026/11/3f9c2a7d1b8e4c5d.svg',
    '2026/11/3f9c2a7d1b8e4c5d.html',
    '2026/11/3F9C2A7D1B8E4C5D.png',
    '2026/11/3f9c2a7d1b8e.png',
    '2026/00/3f9c2a7d1b8e4c5d.png',
    '2026/11/3f9c2a7d1b8e4c5d-large.png',
    '2026/11/3f9c2a7d1b8e4c5d.png\0.txt',
    ' 2026/11/3f9c2a7d1b8e4c5d.png',
    '2026/11/3f9c2a7d1b8e4c5d.png\n',
    'tmp/uploads/3f9c2a7d1b8e4c5d',
    'session-secret',
    '',
  ])('refuses %j', (requested) => {
    expect(parseUploadPath(requested)).toBeNull();
  });
});

describe('names on disk', () => {
  it('puts variants beside the original', () => {
    expect(variantName('2026/11/abc.png', 'thumb')).toBe('2026/11/abc-thumb.png');
    expect(variantName('2026/11/abc.png', null)).toBe('2026/11/abc.png');
    expect(allNames('2026/11/abc.jpg')).toEqual(['2026/11/abc.jpg', '2026/11/abc-thumb.jpg', '2026/11/abc-medium.jpg']);
  });
});

describe('moveIntoPlace', () => {
  let dirs: UploadDirs;
  beforeEach(() => {
    const base = mkdtempSync(path.join(tmpdir(), 'folio-storage-'));
    dirs = { root: path.join(base, 'uploads'), temp: base };
  });
  afterEach(() => rmSync(dirs.temp, { recursive: true, force: true }));

  it('moves files into their dated folders', async () => {
    writeFileSync(path.join(dirs.temp, 'a'), 'original');
    writeFileSync(path.join(dirs.temp, 'b'), 'thumb');
    await moveIntoPlace(dirs, [
      { from: path.join(dirs.temp, 'a'), name: '2026/11/abc.png' },
      { from: path.join(dirs.temp, 'b'), name: '2026/11/abc-thumb.png' },
    ]);
    expect(readFileSync(storedPath(dirs, '2026/11/abc.png'), 'utf8')).toBe('original');
    expect(readFileSync(storedPath(dirs, '2026/11/abc-thumb.png'), 'utf8')).toBe('thumb');
    expect(existsSync(path.join(dirs.temp, 'a'))).toBe(false);
  });

  it('undoes the moves already made when one fails, leaving no partial upload', async () => {
    writeFileSync(path.join(dirs.temp, 'a'), 'original');
    const attempt = moveIntoPlace(dirs, [
      { from: path.join(dirs.temp, 'a'), name: '2026/11/abc.png' },
      { from: path.join(dirs.temp, 'missing'), name: '2026/11/abc-thumb.png' },
    ]);
    await expect(attempt).rejects.toThrow(/ENOENT/);
    expect(existsSync(storedPath(dirs, '2026/11/abc.png'))).toBe(false);
  });
});
