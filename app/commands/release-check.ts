/**
 * `npm run --silent folio -- release:check [--workers] [--timeout SECONDS]`:
 * does this release serve the pages that matter? The deploy runs it on every
 * app host, with the release's environment loaded.
 *
 *   (no --workers)  before the switch, in the new release: its own app,
 *                   in-process, page cache off, on a loopback port
 *   --workers       after the restart, in `current`: the running pool's
 *                   supervisor runs, every worker is ready and was forked
 *                   from this release, and each answers over its own protocol
 *
 * One line per route (`✓ GET / 200 text/html 12.3 kB 85 ms`), exit 0; at the
 * first failure, the route, its status and the error the app logged, exit 1.
 * --timeout bounds the whole check (default 120 s): answers are waited for,
 * never asked again.
 */
import { loadConfig } from '#config/environment.ts';
import { parseOptions } from '#app/commands/arguments.ts';
import { CliError } from '#app/commands/cli-error.ts';
import { connectDatabase, disconnectDatabase } from '#app/models/db.ts';
import { initializeBlog } from '#app/models/blog.ts';
import { CheckFailure, Deadline } from '#app/server/health/deadline.ts';
import { checkRelease } from '#app/server/health/release.ts';
import { checkPool } from '#app/server/health/pool.ts';

const usage = 'usage: npm run folio -- release:check [--workers] [--timeout SECONDS]';
const defaultTimeoutSeconds = 120;

export async function releaseCheck(args: string[]): Promise<void> {
  const options = parse(args);
  const config = loadConfig();
  const deadline = new Deadline(options.timeoutSeconds);
  const print = (line: string) => console.log(line);
  try {
    await deadline.guard(
      (async () => {
        deadline.doing('connecting to the database');
        await connectDatabase(config.databaseUrl);
        if (options.workers) return checkPool(config, deadline, print);
        // As a worker does at boot: a first deploy's freshly migrated database gets its settings row and welcome article.
        await initializeBlog();
        await checkRelease(config, deadline, print);
      })(),
    );
  } catch (error) {
    if (error instanceof CheckFailure) throw new CliError(error.message);
    throw error;
  } finally {
    await disconnectDatabase();
  }
}

function parse(args: string[]): { workers: boolean; timeoutSeconds: number } {
  const values = parseOptions(args, { workers: { type: 'boolean' }, timeout: { type: 'string' } }, usage);
  const raw = values.timeout;
  if (raw !== undefined && (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 3600))
    throw new CliError(`--timeout: expected whole seconds 1..3600, got "${raw}"\n${usage}`);
  return { workers: values.workers ?? false, timeoutSeconds: raw === undefined ? defaultTimeoutSeconds : Number(raw) };
}
