/**
 * The benchmark's load (wrk -t2 -c32, kept-alive connections) through the
 * real Apache running the generated site, against cached pages and a static
 * file: every request is answered. wrk does not send a request again when
 * the server closes a kept-alive connection under it (a browser does), so
 * any such close is counted here as an error. It used to happen a few times
 * per bench run: with too few threads per Apache child, a burst of new
 * connections made all of a child's threads busy, and the event MPM then
 * closed its idle kept-alive connections (see test/support/apache.ts).
 */
import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startApache, type Apache } from '#test/support/apache.ts';
import { useRunningBlog } from '#test/integration/apache/blog-fixture.ts';
import { warmCache, servedFromFile } from '#test/bench/pages.ts';
import { wrk, loadSettings } from '#test/bench/load.ts';

const cachedPages = ['/', '/tag/ruby', '/articles.atom'];
const staticPage = '/static-page.html';

describe('Apache under keep-alive load', () => {
  const blog = useRunningBlog();

  async function withApache(use: (apache: Apache) => Promise<void>): Promise<void> {
    const apache = await startApache({
      dataDir: blog.pool.dataDir,
      workerArgs: blog.workerArgs,
      appRoot: blog.app.appRoot,
    });
    try {
      await use(apache);
    } finally {
      await apache.stop();
    }
  }

  async function expectNoErrors(url: string, connections: number): Promise<void> {
    const result = await wrk(url, 2, connections);
    expect(result.requests, url).toBeGreaterThan(0);
    expect({ url, connections, errors: result.errors, kinds: result.errorKinds }).toEqual({
      url,
      connections,
      errors: 0,
      kinds: undefined,
    });
  }

  it('answers every request of a burst of new connections on a freshly started Apache, three times', async () => {
    // 48 connections at once: more than a child of Debian's default size (25 threads) serves at
    // once, which made the old harness shed kept-alive connections in every try.
    for (let round = 0; round < 3; round += 1) {
      await withApache(async (apache) => {
        await warmCache(apache.url, ['/'], 120_000);
        await expectNoErrors(apache.url + '/', 48);
      });
    }
  });

  it("answers every request of the bench's load on cached pages and a static file", async () => {
    await withApache(async (apache) => {
      await warmCache(apache.url, cachedPages, 120_000);
      for (const page of cachedPages) {
        const res = await fetch(apache.url + page);
        await res.arrayBuffer();
        expect(servedFromFile(res), `${page} is served from a file`).toBe(true);
      }
      const home = Buffer.from(await (await fetch(apache.url + '/')).arrayBuffer());
      writeFileSync(path.join(blog.app.publicDir, staticPage), home);
      for (const page of [...cachedPages, staticPage])
        await expectNoErrors(apache.url + page, loadSettings.connections);
    });
  });
});
