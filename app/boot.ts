/**
 * Everything a process needs before it serves or runs a command: the
 * validated config, a logger, the migrated database and an initialised blog.
 */
import { loadConfig, type Config } from '#config/environment.ts';
import { createLogger } from '#app/logger.ts';
import { connectDatabase } from '#app/models/db.ts';
import { initializeBlog } from '#app/models/blog.ts';
import type { Logger } from 'pino';
import { processMetrics } from '#app/monitor/metrics/registry.ts';

export interface Booted {
  config: Config;
  logger: Logger;
}

export async function boot(
  env: Record<string, string | undefined> = process.env,
  options: {
    migrate?: boolean;
    /** A serving process: its queries are timed for the metrics (unless FOLIO_METRICS=off). */
    serving?: boolean;
  } = {},
): Promise<Booted> {
  const config = loadConfig(env);
  const logger = createLogger(config);
  if (options.migrate ?? true) {
    // Loaded only here: workers boot without migrating and never load the schema engine.
    const { applyMigrations } = await import('#app/models/migrator.ts');
    const applied = await applyMigrations(config.databaseUrl);
    if (applied.length) logger.info({ applied }, 'migrations applied');
  }
  await connectDatabase(config.databaseUrl, {
    replicaUrl: config.databaseReplicaUrl,
    onReplicaChange: ({ usable, reason }) => (usable ? logger.info(reason) : logger.warn(reason)),
    ...(options.serving && config.monitoring.metrics ? { onQueryTime: processMetrics().observeQuery } : {}),
  });
  // Only where migrations run too: workers' supervisor did both before starting them, and a worker (re)started
  // while the database is down must come up to serve cached pages and 503s, not die on a query it does not need.
  if ((options.migrate ?? true) && (await initializeBlog())) logger.info('new blog initialised with a welcome article');
  return { config, logger };
}
