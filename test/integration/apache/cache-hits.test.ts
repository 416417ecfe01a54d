import { describe, it, beforeAll, afterAll } from 'vitest';
import { startApache, type Apache } from '#test/support/apache.ts';
import { countsCacheHits, useOneWorkerBlog } from '#test/integration/apache/cache-hit-count.ts';

describe('pages Apache answers from the page cache', () => {
  const blog = useOneWorkerBlog();
  let apache: Apache;

  beforeAll(async () => {
    apache = await startApache({ dataDir: blog.pool.dataDir, workerArgs: blog.workerArgs, appRoot: blog.app.appRoot });
  });
  afterAll(async () => {
    await apache?.stop();
  });

  it('are noted in the cache-hit log, without the worker, and counted by the reader', async () => {
    await countsCacheHits(blog.pool, apache.url, apache.siteConfig);
  });
});
