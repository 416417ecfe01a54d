import { describe, it, beforeAll, afterAll } from 'vitest';
import { startNginx, type Nginx } from '#test/support/nginx.ts';
import { countsCacheHits, useOneWorkerBlog } from '#test/integration/apache/cache-hit-count.ts';

describe('pages nginx answers from the page cache', () => {
  const blog = useOneWorkerBlog();
  let nginx: Nginx;

  beforeAll(async () => {
    nginx = await startNginx({ dataDir: blog.pool.dataDir, workerArgs: blog.workerArgs, appRoot: blog.app.appRoot });
  });
  afterAll(async () => {
    await nginx?.stop();
  });

  it('are noted in the cache-hit log, without the worker, and counted by the reader', async () => {
    await countsCacheHits(blog.pool, nginx.url, nginx.siteConfig);
  });
});
