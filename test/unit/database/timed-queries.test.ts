import { describe, it, expect } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { copyTemplateDatabase } from '#test/support/app.ts';
import { connectDatabase, database, db, disconnectDatabase } from '#app/models/db.ts';

describe('onQueryTime', () => {
  it("sees the ORM's statements, inside transactions too, and the hand-written ones", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'folio-timed-'));
    const copy = await copyTemplateDatabase(dir);
    const times: number[] = [];
    try {
      await connectDatabase(copy.url, { onQueryTime: (ms) => times.push(ms) });
      await db.setting.count();
      const afterOne = times.length;
      expect(afterOne).toBeGreaterThanOrEqual(1);
      await db.$transaction([db.setting.count(), db.user.count()]);
      expect(times.length).toBeGreaterThanOrEqual(afterOne + 2);
      const beforeBoundary = times.length;
      await database().lookups.settings();
      expect(times.length).toBe(beforeBoundary + 1);
      expect(times.every((ms) => ms >= 0 && ms < 5000)).toBe(true);
    } finally {
      await disconnectDatabase();
      await copy.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
