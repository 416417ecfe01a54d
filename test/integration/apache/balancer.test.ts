import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { waitFor } from '#test/support/wait-for.ts';
import { startApache, type Apache } from '#test/support/apache.ts';
import { Browser } from '#test/support/web-server.ts';
import { postComment } from '#test/integration/apache/blog-fixture.ts';
import {
  restartHostB,
  shares,
  stopHostUnderLoad,
  untilHostBServes,
  useTwoAppHosts,
} from '#test/integration/apache/two-app-hosts.ts';

// One Apache (on host A) balancing across the workers of two app hosts: `config:apache --balancer`.
describe('Apache balancing across two app hosts', () => {
  const hosts = useTwoAppHosts();
  let apache: Apache;

  beforeAll(async () => {
    apache = await startApache({
      dataDir: hosts.a.pool.dataDir,
      workerArgs: hosts.balancerArgs,
      appRoot: hosts.app.appRoot,
    });
  });
  afterAll(async () => {
    await apache?.stop();
  });

  it("generates one balancer of every host's workers, each left out for a while when it fails", () => {
    const members = apache.siteConfig.match(/^\s*BalancerMember .*$/gm) ?? [];
    expect(members).toHaveLength(4);
    for (const member of members) expect(member).toContain('retry=5 connectiontimeout=2 enablereuse=on');
    expect(apache.siteConfig).toContain(
      `# Workers (on their app host): npm run workers -- start --count 2 --listen ${hosts.b.listen}`,
    );
  });

  it('sends requests to the workers of both app hosts, and a POST to one of them', async () => {
    const share = await shares(apache.url, hosts, 80);
    expect(share.a).toBeGreaterThanOrEqual(20);
    expect(share.b).toBeGreaterThanOrEqual(20);
    const reader = new Browser(apache.url);
    const article = await reader.get('/2024/01/10/ruby-one');
    const posted = await postComment(reader, article.text, { authorName: 'Reader', body: 'Balanced.' });
    expect(posted.status, posted.text).toBe(303);
  });

  it("loses no reader request when one host's pool stops, under load and after", async () => {
    const { during, after } = await stopHostUnderLoad(apache.url, hosts, 200);
    console.info(
      `apache --balancer, host B stopped under load: ${during.failed.length} of ${during.ok + during.failed.length} failed during the stop, ${after.failed.length} of ${after.ok + after.failed.length} after`,
    );
    expect(during.failed).toEqual([]);
    expect(after.failed).toEqual([]);
    expect(after.ok).toBe(200);
  });

  it('sends requests to a host again once its pool is back', async () => {
    await restartHostB(hosts);
    expect(await untilHostBServes(apache.url, hosts)).toEqual([]);
  });

  it("serves the cached pages from its own disk with both hosts' pools stopped", async () => {
    // The balancer may send it to host B, which caches it on its own disk: ask until host A has it.
    const onA = path.join(hosts.a.pool.dataDir, 'cache/tag/rails.html');
    await waitFor(async () => (await fetch(apache.url + '/tag/rails')).ok && existsSync(onA), {
      timeout: 60_000,
      interval: 200,
      message: `${onA} to be cached`,
    });
    for (const host of [hosts.a, hosts.b]) expect((await host.pool.run(['stop'])).code).toBe(0);
    const page = await fetch(apache.url + '/tag/rails');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Rails one');
    expect((await fetch(apache.url + '/tag/rails?page=1')).status).toBe(503);
  });
});
