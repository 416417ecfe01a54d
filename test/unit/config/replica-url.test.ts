import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, ConfigError } from '#config/environment.ts';

describe('DATABASE_REPLICA_URL', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'folio-config-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const primary = 'postgresql://folio:s3cret@db1:5432/folio';
  const load = (env: Record<string, string>) => loadConfig({ FOLIO_DATA_DIR: dir, ...env });

  it('is optional, and taken as given beside a PostgreSQL DATABASE_URL', () => {
    expect(load({ DATABASE_URL: primary }).databaseReplicaUrl).toBeUndefined();
    const replica = 'postgresql://folio:s3cret@db2:5432/folio';
    expect(load({ DATABASE_URL: primary, DATABASE_REPLICA_URL: replica }).databaseReplicaUrl).toBe(replica);
  });

  it.each([
    [{ DATABASE_REPLICA_URL: 'postgresql://folio@db2/folio' }, /needs a PostgreSQL DATABASE_URL/],
    [{ DATABASE_URL: primary, DATABASE_REPLICA_URL: 'mysql://folio:hunter2@db2/folio' }, /expected a postgresql:\/\//],
    [{ DATABASE_URL: primary, DATABASE_REPLICA_URL: 'postgresql://folio:hunter2@db2:99999/folio' }, /not a valid URL/],
    [{ DATABASE_URL: primary, DATABASE_REPLICA_URL: ' ' }, /set but empty/],
    [{ DATABASE_URL: primary, DATABASE_REPLICA_URL: primary }, /same database as DATABASE_URL/],
  ])('stops on %j with a clear message that never shows the password', (env, problem) => {
    const attempt = () => load(env);
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(problem);
    expect(attempt).toThrow(/^DATABASE_REPLICA_URL: /);
    expect(attempt).not.toThrow(/hunter2|s3cret/);
  });
});
