/**
 * Database round trips per page and the share of request time spent in the
 * ORM, for shape (a): the app in this process on the benchmark's database,
 * with Prisma's query events counted per request.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '#config/environment.ts';
import { createApplication } from '#config/application.ts';
import { createLogger } from '#app/logger.ts';
import { connectDatabase, disconnectDatabase } from '#app/models/db.ts';
import { forgetSettings } from '#app/models/settings.ts';
import { forgetNavigation } from '#app/models/section.ts';

export interface QueryProfile {
  queriesPerRequest: number;
  sqlMsPerRequest: number;
  requestMs: number;
  /** Share of request time inside SQL as Prisma measures it (its own overhead not included). */
  sqlShare: number;
  /** Share of request time inside Prisma calls, overhead included. */
  ormShare: number;
}

export async function profileQueries(dataDir: string, paths: Record<string, string>, repeats = 30): Promise<Record<string, QueryProfile>> {
  let queries = 0;
  let sqlMs = 0;
  let ormMs = 0;
  const config = loadConfig({ FOLIO_DATA_DIR: dataDir, NODE_ENV: 'production', LOG_LEVEL: 'silent', FOLIO_PAGE_CACHE: 'off' });
  await connectDatabase(config.databaseUrl, { onQuery: (q) => { queries++; sqlMs += q.durationMs; }, onOperation: (ms) => { ormMs += ms; } });
  forgetSettings();
  forgetNavigation();
  const app = createApplication(config, createLogger(config));
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const profiles: Record<string, QueryProfile> = {};
  try {
    for (const [name, path] of Object.entries(paths)) {
      for (let i = 0; i < 5; i++) await (await fetch(base + path)).arrayBuffer(); // warm JIT and caches
      queries = 0;
      sqlMs = 0;
      ormMs = 0;
      const started = performance.now();
      for (let i = 0; i < repeats; i++) await (await fetch(base + path)).arrayBuffer();
      const requestMs = (performance.now() - started) / repeats;
      profiles[name] = {
        queriesPerRequest: queries / repeats,
        sqlMsPerRequest: sqlMs / repeats,
        requestMs,
        sqlShare: sqlMs / repeats / requestMs,
        ormShare: ormMs / repeats / requestMs,
      };
    }
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await disconnectDatabase();
  }
  return profiles;
}
