import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import path from 'node:path';
import { startNginx, type Nginx } from '#test/support/nginx.ts';
import { Browser } from '#test/support/web-server.ts';
import { existsSync } from 'node:fs';
import { waitFor } from '#test/support/wait-for.ts';
import { postComment } from '#test/integration/apache/blog-fixture.ts';
import {
  restartHostB,
  shares,
  stopHostUnderLoad,
  untilHostBServes,
  useTwoAppHosts,
} from '#test/integration/apache/two-app-hosts.ts';

// One nginx (on host A) balancing across the workers of two app hosts: `config:nginx --balancer`.
describe('nginx balancing across two app hosts', () => {
  const hosts = useTwoAppHosts();
  let nginx: Nginx;

  beforeAll(async () => {
    nginx = await startNginx({
      dataDir: hosts.a.pool.dataDir,
      workerArgs: hosts.balancerArgs,
      appRoot: hosts.app.appRoot,
    });
  });
  afterAll(async () => {
    await nginx?.stop();
  });

  it("generates one balancer of every host's workers, each left out for a while when it fails", () => {
    const servers = nginx.siteConfig.match(/^\s*server \S+ .*;$/gm) ?? [];
    expect(servers).toHaveLength(4);
    for (const server of servers) expect(server).toContain('max_fails=1 fail_timeout=5s');
    expect(nginx.siteConfig).toContain('fastcgi_next_upstream error timeout;');
    expect(nginx.siteConfig).toContain(
      `# Workers (on their app host): npm run workers -- start --count 2 --listen ${hosts.b.listen}`,
    );
  });

  it('sends requests to the workers of both app hosts, and a POST to one of them', async () => {
    const share = await shares(nginx.url, hosts, 80);
    expect(share.a).toBeGreaterThanOrEqual(20);
    expect(share.b).toBeGreaterThanOrEqual(20);
    const reader = new Browser(nginx.url);
    const article = await reader.get('/2024/01/10/ruby-one');
    const posted = await postComment(reader, article.text, { authorName: 'Reader', body: 'Balanced.' });
    expect(posted.status, posted.text).toBe(303);
  });

  it("loses no reader request when one host's pool stops, under load and after", async () => {
    const { during, after } = await stopHostUnderLoad(nginx.url, hosts, 200);
    console.info(
      `nginx --balancer, host B stopped under load: ${during.failed.length} of ${during.ok + during.failed.length} failed during the stop, ${after.failed.length} of ${after.ok + after.failed.length} after`,
    );
    expect(during.failed).toEqual([]);
    expect(after.failed).toEqual([]);
    expect(after.ok).toBe(200);
  });

  it('sends requests to a host again once its pool is back', async () => {
    await restartHostB(hosts);
    expect(await untilHostBServes(nginx.url, hosts)).toEqual([]);
  });

  it("serves the cached pages from its own disk with both hosts' pools stopped", async () => {
    // The balancer may send it to host B, which caches it on its own disk: ask until host A has it.
    const onA = path.join(hosts.a.pool.dataDir, 'cache/tag/rails.html');
    await waitFor(async () => (await fetch(nginx.url + '/tag/rails')).ok && existsSync(onA), {
      timeout: 60_000,
      interval: 200,
      message: `${onA} to be cached`,
    });
    for (const host of [hosts.a, hosts.b]) expect((await host.pool.run(['stop'])).code).toBe(0);
    const page = await fetch(nginx.url + '/tag/rails');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Rails one');
    // No worker to take it: nginx's 502, with public/502.html.
    expect((await fetch(nginx.url + '/tag/rails?page=1')).status).toBe(502);
  });
});
