import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CacheIndex, exclusively } from '#app/page-cache/index-db.ts';
import {
  commitPage,
  currentSeq,
  expireKeys,
  expireDue,
  nextExpiry,
  cacheStats,
  pagesUsing,
} from '#app/page-cache/page-index.ts';
import { everything } from '#app/page-cache/keys.ts';

describe('the cache index', () => {
  let root: string;
  let index: CacheIndex;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'folio-index-'));
    index = new CacheIndex(root);
  });
  afterEach(() => {
    index.close();
    rmSync(root, { recursive: true, force: true });
  });

  function write(
    urlPath: string,
    file: string,
    keys: string[],
    startSeq = currentSeq(index.db),
    expiresAt: number | null = null,
  ): boolean {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    const tempFile = path.join(root, `${file}.1.x.tmp`);
    writeFileSync(tempFile, `<p>${urlPath}</p>`);
    return exclusively(index.db, () =>
      commitPage(index.db, root, { path: urlPath, file, keys, startSeq, tempFile, bytes: 10, expiresAt }),
    );
  }

  it('writes pages and expires exactly those that used a key', () => {
    expect(write('/', 'index.html', ['list:home', 'article:1'])).toBe(true);
    expect(write('/tag/a', 'tag/a.html', ['list:tag:1', 'article:2'])).toBe(true);
    expect(pagesUsing(index.db, 'article:1')).toEqual(['/']);
    expect(exclusively(index.db, () => expireKeys(index.db, root, ['article:1', 'article:9']))).toEqual(['/']);
    expect(existsSync(path.join(root, 'index.html'))).toBe(false);
    expect(existsSync(path.join(root, 'tag/a.html'))).toBe(true);
    expect(cacheStats(index.db)).toEqual({ pages: 1, bytes: 10 });
  });

  it('refuses a page whose data a sweep expired while it was being built, and removes its temp file', () => {
    const startSeq = currentSeq(index.db);
    exclusively(index.db, () => expireKeys(index.db, root, ['article:1']));
    expect(write('/', 'index.html', ['list:home', 'article:1'], startSeq)).toBe(false);
    expect(readdirSync(root).filter((f) => !f.startsWith('.'))).toEqual([]);
    // A sweep of something else does not stop it.
    expect(write('/', 'index.html', ['list:home', 'article:2'], startSeq)).toBe(true);
  });

  it('expires everything at once, files no row describes included', () => {
    write('/', 'index.html', ['list:home']);
    writeFileSync(path.join(root, 'orphan.html'), 'left by a killed process');
    const startSeq = currentSeq(index.db);
    exclusively(index.db, () => expireKeys(index.db, root, [everything]));
    expect(readdirSync(root)).toEqual(['.folio']);
    expect(write('/tag/a', 'tag/a.html', ['list:tag:1'], startSeq)).toBe(false);
  });

  it('expires pages whose time has come', () => {
    write('/a', 'a.html', ['article:1'], undefined, 1000);
    write('/b', 'b.html', ['article:2'], undefined, 5000);
    expect(nextExpiry(index.db)).toBe(1000);
    expect(exclusively(index.db, () => expireDue(index.db, root, 2000))).toEqual(['/a']);
    expect(nextExpiry(index.db)).toBe(5000);
  });

  it('follows the index when someone empties the cache directory by hand', () => {
    let reopened = 0;
    index.close();
    index = new CacheIndex(root, () => (reopened += 1));
    write('/', 'index.html', ['list:home']);
    for (const entry of readdirSync(root)) rmSync(path.join(root, entry), { recursive: true, force: true });
    expect(cacheStats(index.db)).toEqual({ pages: 0, bytes: 0 });
    expect(reopened).toBe(1);
    expect(write('/', 'index.html', ['list:home'])).toBe(true);
  });
});
