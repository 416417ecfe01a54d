// Runs `prisma generate` at install, for both providers: prisma/schema.prisma
// (SQLite, the source of truth) and prisma/postgresql/schema.prisma, which is
// derived from it here (only the provider and the output folder differ).
// Generation never runs the schema engine, but the CLI insists on locating
// one and would try to download it; point it at a placeholder so install
// works offline. Migrations use the wasm engine (app/models/migrator.ts).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { derivePostgresSchema } from './postgresql/derive-schema.mjs';

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
// Any existing file will do.
env.PRISMA_SCHEMA_ENGINE_BINARY ??= new URL(import.meta.url).pathname;

const cli = new URL('../node_modules/prisma/build/index.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('prisma CLI missing: run npm install first');
  process.exit(1);
}

const sqliteSchema = new URL('./schema.prisma', import.meta.url).pathname;
const postgresSchema = new URL('./postgresql/schema.prisma', import.meta.url).pathname;
mkdirSync(new URL('./postgresql/', import.meta.url), { recursive: true });
const derived = derivePostgresSchema(readFileSync(sqliteSchema, 'utf8'));
if (!existsSync(postgresSchema) || readFileSync(postgresSchema, 'utf8') !== derived)
  writeFileSync(postgresSchema, derived);

for (const schema of [sqliteSchema, postgresSchema]) {
  const result = spawnSync(process.execPath, [cli.pathname, 'generate', `--schema=${schema}`], {
    stdio: 'inherit',
    env,
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
