/**
 * Prisma's schema engine, compiled to WebAssembly and driven through our
 * driver adapter: what `db:diff` uses to write migrations. Applying them is
 * ours (sqlite-store.ts): the engine runs a script outside a transaction and
 * leaves a failed row and half its DDL behind. Loaded only when a diff is
 * asked for: it costs tens of MB and a few hundred ms.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type * as SchemaEngineWasm from '@prisma/schema-engine-wasm';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import { databaseKind } from '#app/database/url.ts';

export const noFilters = { externalTables: [], externalEnums: [] };

/**
 * Runs `work` with an engine on `databaseUrl` (SQLite or PostgreSQL). Even a
 * diff of two schema files connects on PostgreSQL (to learn the server's
 * version), so a PostgreSQL diff needs a server; on SQLite `file::memory:` will do.
 */
export async function withEngine<T>(
  databaseUrl: string,
  schemaPath: string,
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const wasm = await loadEngine();
  const factory = await adapterFactory(databaseUrl);
  // The engine opens connections but never closes them when freed; an open
  // better-sqlite3 handle would keep the file busy, so track and dispose them.
  const opened: { dispose(): Promise<void> }[] = [];
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const connection = await connect();
    opened.push(connection);
    return connection;
  };
  const adapter = bindMigrationAwareSqlAdapterFactory(factory);
  const schema = await readFile(schemaPath, 'utf8');
  const log = () => {};
  const engine = await wasm.SchemaEngine.new({ datamodels: [[schemaPath, schema]] }, log, adapter);
  try {
    return await work(engine);
  } catch (error) {
    throw withAdapterCause(error, adapter.errorRegistry);
  } finally {
    engine.free();
    await Promise.all(opened.map((c) => c.dispose()));
  }
}

async function adapterFactory(databaseUrl: string): Promise<SqlMigrationAwareDriverAdapterFactory> {
  if (databaseKind(databaseUrl) === 'sqlite') {
    const { sqliteAdapterFactory } = await import('#app/database/sqlite/adapter.ts');
    return sqliteAdapterFactory(databaseUrl);
  }
  const { postgresAdapterFactory } = await import('#app/database/postgresql/adapter.ts');
  return postgresAdapterFactory(databaseUrl);
}

/** The engine reports driver failures as "External error id#N"; name the real one. */
function withAdapterCause(
  error: unknown,
  registry: { consumeError(id: number): { error: unknown } | undefined },
): unknown {
  const message = error instanceof Error ? error.message : String(error);
  const id = /External error id#(\d+)/.exec(message)?.[1];
  const cause = id === undefined ? undefined : registry.consumeError(Number(id))?.error;
  if (cause === undefined) return error;
  const detail = cause instanceof Error ? cause.message : JSON.stringify(cause);
  return new Error(`${message.split('\n')[0]}\n${detail}`, { cause: error });
}

type EngineModule = typeof SchemaEngineWasm;
type WasmExports = Record<string, unknown>;
// @types/node does not declare the WebAssembly global; this is the slice we use.
const wasmApi = (
  globalThis as unknown as {
    WebAssembly: { instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: WasmExports } }> };
  }
).WebAssembly;
let engineModule: Promise<EngineModule> | undefined;

/** Instantiates the wasm once per process, with its JS glue as the import object. */
function loadEngine(): Promise<EngineModule> {
  engineModule ??= (async () => {
    const glue = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as unknown as EngineModule &
      Record<'__wbg_set_wasm', (exports: WasmExports) => void>;
    const wasmFile = path.join(
      path.dirname(createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm')),
      'schema_engine_bg.wasm',
    );
    const { instance } = await wasmApi.instantiate(await readFile(wasmFile), { './schema_engine_bg.js': glue });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return engineModule;
}
