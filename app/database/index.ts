/**
 * Opens the blog's database behind the boundary (boundary.ts): the dialect
 * is chosen here, by the URL, and nowhere else. PostgreSQL's driver is
 * loaded only when a PostgreSQL URL asks for it.
 */
import type { BlogDatabase, DatabaseOptions, OpenMigrationStore } from '#app/database/boundary.ts';
import { databaseKind, sqliteFile } from '#app/database/url.ts';

export type * from '#app/database/boundary.ts';
export type * from '#app/database/change-feed.ts';
export { databaseKind, sqliteFile, redactUrl } from '#app/database/url.ts';

export async function openBlogDatabase(databaseUrl: string, options: DatabaseOptions = {}): Promise<BlogDatabase> {
  if (databaseKind(databaseUrl) === 'postgresql') {
    const { openPostgres } = await import('#app/database/postgresql/index.ts');
    return openPostgres(databaseUrl, options);
  }
  if (options.replicaUrl) throw new Error('DATABASE_REPLICA_URL needs a PostgreSQL DATABASE_URL');
  const { openSqlite } = await import('#app/database/sqlite/index.ts');
  return openSqlite(databaseUrl, options);
}

export const openMigrationStore: OpenMigrationStore = async (databaseUrl) => {
  if (databaseKind(databaseUrl) === 'postgresql') {
    const { openPostgresMigrationStore } = await import('#app/database/postgresql/migration-store.ts');
    return openPostgresMigrationStore(databaseUrl);
  }
  const { openSqliteStore } = await import('#app/database/sqlite/migration-store.ts');
  return openSqliteStore(sqliteFile(databaseUrl));
};
