/**
 * The database a test's own `folio serve` uses: on the PostgreSQL tier a
 * copy of the run's migrated template (given as DATABASE_URL), on SQLite
 * none (the server makes its file in its data dir). Integration files that
 * start servers of their own run on both tiers this way.
 */
import path from 'node:path';
import { copyTemplateDatabase, testDatabaseKind } from '#test/support/app.ts';

export interface ServerDatabase {
  /** What to add to the server's (and its commands') environment. */
  readonly env: Readonly<Record<string, string>>;
  /** The URL the test connects to itself. */
  readonly url: string;
  drop(): Promise<void>;
}

export async function serverDatabase(dataDir: string): Promise<ServerDatabase> {
  if (testDatabaseKind() !== 'postgresql')
    return { env: {}, url: `file:${path.join(dataDir, 'folio.db')}`, drop: async () => {} };
  const database = await copyTemplateDatabase(dataDir);
  return { env: { DATABASE_URL: database.url }, url: database.url, drop: () => database.drop() };
}
