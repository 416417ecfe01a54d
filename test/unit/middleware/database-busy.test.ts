import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { databaseUnavailability } from '#app/database/errors.ts';

// The Prisma form (P1008 wrapping SQLITE_BUSY) is proved end to end in test/request/security/faults.test.ts;
// PostgreSQL down or restarting, in test/integration/database/unavailable-errors.test.ts.
describe('databaseUnavailability, for better-sqlite3 errors (the direct read connection)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'folio-busy-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const caught = (run: () => unknown): unknown => {
    try {
      run();
    } catch (error) {
      return error;
    }
    throw new Error('expected an error');
  };

  it('recognises SQLITE_BUSY from a real lock held by another connection, and nothing else', () => {
    const file = path.join(dir, 'busy.db');
    const holder = new Database(file);
    holder.exec('CREATE TABLE t (x INTEGER)');
    const other = new Database(file, { timeout: 0 });
    holder.exec('BEGIN EXCLUSIVE');
    try {
      expect(databaseUnavailability(caught(() => other.exec('INSERT INTO t VALUES (1)')))).toBe('busy');
      expect(databaseUnavailability(caught(() => other.exec('SELEC nonsense')))).toBeUndefined();
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
      other.close();
    }
    expect(databaseUnavailability(new Error('database is fine'))).toBeUndefined();
    expect(databaseUnavailability(null)).toBeUndefined();
  });
});
