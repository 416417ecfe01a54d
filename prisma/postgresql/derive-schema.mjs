// The PostgreSQL schema is the SQLite one with another provider and output
// folder: one source of truth for the models (test/unit/models/schema-drift.test.ts).

/** prisma/schema.prisma's text → prisma/postgresql/schema.prisma's. */
export function derivePostgresSchema(sqliteSchema) {
  const replaced = sqliteSchema
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/output(\s*)=\s*"\.\/generated\/client"/, 'output$1= "../generated/postgresql"');
  if (replaced === sqliteSchema || !replaced.includes('"postgresql"') || !replaced.includes('generated/postgresql'))
    throw new Error('prisma/schema.prisma: cannot derive the PostgreSQL schema (provider or output line not found)');
  return `// GENERATED from prisma/schema.prisma by prisma/generate-client.mjs: edit that file, not this one.\n${replaced}`;
}
