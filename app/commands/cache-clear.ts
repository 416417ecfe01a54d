/**
 * `npm run cache:clear`: empties the page cache through its index, as the
 * admin's Page cache page does, so running workers see it at once and no
 * page being built from older data is written afterwards. (Deleting the
 * directory's contents by hand also works, but throws away the index.)
 */
import { boot } from '#app/boot.ts';
import { disconnectDatabase } from '#app/models/db.ts';
import { openPageCache } from '#app/page-cache/index.ts';

export async function cacheClear(): Promise<void> {
  const { config, logger } = await boot(undefined, { migrate: false });
  const cache = openPageCache(config, logger);
  try {
    await cache.idle();
    console.log(`page cache cleared: ${cache.clear()} pages removed from ${cache.root}`);
  } finally {
    cache.close();
    await disconnectDatabase();
  }
}
