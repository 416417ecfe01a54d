// Runs `prisma generate` at install. Generation never runs the schema engine,
// but the CLI insists on locating one and would try to download it; point it
// at a placeholder so install works offline. Migrations use the wasm engine
// (app/models/migrator.ts), never this binary.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
// Any existing file will do.
env.PRISMA_SCHEMA_ENGINE_BINARY ??= new URL(import.meta.url).pathname;

const cli = new URL('../node_modules/prisma/build/index.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('prisma CLI missing: run npm install first');
  process.exit(1);
}
const result = spawnSync(process.execPath, [cli.pathname, 'generate'], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
