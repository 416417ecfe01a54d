/**
 * One source of truth for the models, two providers: these fail when the
 * PostgreSQL schema or either provider's migrations drift from
 * prisma/schema.prisma.
 */
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { diffSchema, providers } from '#app/models/migrator.ts';
import { derivePostgresSchema } from '#prisma/postgresql/derive-schema.mjs';

const read = (file: string) => readFileSync(file, 'utf8');

describe('the two providers’ schemas', () => {
  it('PostgreSQL’s is SQLite’s with only the provider and output changed (run npm install to regenerate)', () => {
    expect(read(providers.postgresql.schemaPath)).toBe(derivePostgresSchema(read(providers.sqlite.schemaPath)));
  });

  it('declare the same models, fields and attributes', () => {
    const body = (schema: string) => schema.slice(schema.indexOf('\nmodel '));
    expect(body(read(providers.postgresql.schemaPath))).toBe(body(read(providers.sqlite.schemaPath)));
  });

  it('each has migrations up to the schema: the SQLite snapshot is the schema (npm run db:diff writes what is missing)', async () => {
    expect(await diffSchema('sqlite')).toBe('');
  });

  it('the PostgreSQL migrations end at the same models as the SQLite ones', () => {
    const snapshot = (provider: keyof typeof providers) =>
      read(path.join(providers[provider].migrationsDir, 'schema-snapshot.prisma'));
    expect(snapshot('postgresql')).toBe(read(providers.postgresql.schemaPath));
    expect(snapshot('sqlite')).toBe(read(providers.sqlite.schemaPath));
  });

  // The snapshot says what Prisma meant, not what the SQL does: a hand-edited
  // migration (a table copy replaced by ALTER TABLE) once lost every index it
  // created after the edit, on SQLite only.
  it('create the same indexes on both databases (the SQL search index aside)', () => {
    const sqlOnly = new Set(['Article_searchVector_idx']);
    const indexes = (provider: keyof typeof providers) => {
      const names = new Set<string>();
      const dir = providers[provider].migrationsDir;
      for (const entry of readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .sort(byName)) {
        const sql = read(path.join(dir, entry.name, 'migration.sql'));
        for (const [, name] of sql.matchAll(/CREATE (?:UNIQUE )?INDEX (?:IF NOT EXISTS )?"?(\w+)"?/g)) names.add(name!);
        for (const [, name] of sql.matchAll(/DROP INDEX (?:IF EXISTS )?"?(\w+)"?/g)) names.delete(name!);
      }
      return [...names].filter((name) => !sqlOnly.has(name)).sort();
    };
    expect(indexes('sqlite')).toEqual(indexes('postgresql'));
  });
});

function byName(a: { name: string }, b: { name: string }): number {
  return a.name.localeCompare(b.name);
}
