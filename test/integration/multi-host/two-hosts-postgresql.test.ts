/**
 * Two app hosts on one PostgreSQL, as the scale-out runs them: two
 * worker pools with their own data and cache dirs, on different ports, one
 * DATABASE_URL. One Apache balances across both (on host A, serving A's
 * cache); each host also has an Apache of its own in front of its own
 * workers and its own cache, so a test can write through host A's admin and
 * read what host B's web server serves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startApache, type Apache } from '#test/support/apache.ts';
import { createDatabase, startPostgresCluster, type PostgresCluster } from '#test/support/postgres.ts';
import { Browser, rawRequest } from '#test/support/web-server.ts';
import { csrfFrom, testPassword } from '#test/support/admin.ts';
import { waitFor } from '#test/support/wait-for.ts';
import { cachedFile, signIn } from '#test/integration/apache/front-end.ts';
import { adminLogin } from '#test/integration/apache/blog-fixture.ts';
import {
  restartHost,
  stopHostUnderLoad,
  useTwoAppHosts,
  type AppHost,
} from '#test/integration/apache/two-app-hosts.ts';
import { connectDatabase, db, disconnectDatabase } from '#app/models/db.ts';
import { createArticle } from '#test/fixtures/factories.ts';

describe('two app hosts on one PostgreSQL behind one Apache balancer', () => {
  let cluster: PostgresCluster;
  let databaseUrl: string;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
    databaseUrl = await createDatabase(cluster, 'folio');
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  const hosts = useTwoAppHosts({ databaseUrl: () => databaseUrl });
  let balancer: Apache;
  let frontA: Apache;
  let frontB: Apache;
  beforeAll(async () => {
    const appRoot = hosts.app.appRoot;
    balancer = await startApache({ dataDir: hosts.a.pool.dataDir, workerArgs: hosts.balancerArgs, appRoot });
    frontA = await startApache({ dataDir: hosts.a.pool.dataDir, workerArgs: hosts.a.workerArgs, appRoot });
    frontB = await startApache({ dataDir: hosts.b.pool.dataDir, workerArgs: hosts.b.workerArgs, appRoot });
  });
  afterAll(async () => {
    await Promise.all([balancer?.stop(), frontA?.stop(), frontB?.stop()]);
  });

  const cacheFile = (host: AppHost, file: string) => path.join(host.pool.dataDir, 'cache', file);

  /** Reads a page through the host's own web server until its page cache holds it. */
  async function cachedOn(host: AppHost, front: Apache, urlPath: string, file: string): Promise<string> {
    const page = await fetch(front.url + urlPath);
    expect(page.status).toBe(200);
    await cachedFile(cacheFile(host, file));
    return cacheFile(host, file);
  }

  /** The blog's admin, signed in through host A's web server (so every request is host A's). */
  async function adminOnA(): Promise<Browser> {
    const admin = new Browser(frontA.url);
    const form = await admin.get('/admin/sign-in');
    const signedIn = await admin.post('/admin/sign-in', {
      _csrf: csrfFrom(form.text),
      login: adminLogin,
      password: testPassword,
    });
    expect(signedIn.status, signedIn.text).toBe(303);
    return admin;
  }

  /** Publishes a new article tagged ruby through host A's admin; resolves with the time the save was sent. */
  async function publishOnA(admin: Browser, title: string): Promise<{ sent: number; answered: number }> {
    const form = await admin.get('/admin/articles/new');
    const sent = performance.now();
    const saved = await admin.post('/admin/articles', {
      _csrf: csrfFrom(form.text),
      title,
      body: `Written on host A: ${title}.`,
      textFilter: 'markdown',
      tags: 'ruby',
      allowComments: '1',
      publishedAt: '',
      intent: 'publish',
    });
    expect(saved.status, saved.text).toBe(303);
    return { sent, answered: performance.now() };
  }

  it("expires host B's cached pages within a second of a publish through host A's admin", async () => {
    const onB = await cachedOn(hosts.b, frontB, '/tag/ruby', 'tag/ruby.html');
    const homeOnB = await cachedOn(hosts.b, frontB, '/', 'index.html');
    const onA = await cachedOn(hosts.a, frontA, '/tag/ruby', 'tag/ruby.html');
    const admin = await adminOnA();

    const { sent, answered } = await publishOnA(admin, 'Fresh on A');
    // The author's own host swept before answering.
    expect(existsSync(onA)).toBe(false);
    await waitFor(() => !existsSync(onB) && !existsSync(homeOnB), {
      timeout: 30_000,
      interval: 2,
      message: "host B's cached /tag/ruby and / to expire",
    });
    const gone = performance.now();
    console.info(
      `cross-host expiry: host B's cached pages gone ${Math.round(gone - sent)} ms after the save was sent to host A ` +
        `(${Math.round(gone - answered)} ms after host A answered it)`,
    );
    expect(gone - sent).toBeLessThan(1000);
    const page = await fetch(frontB.url + '/tag/ruby');
    expect(await page.text()).toContain('Fresh on A');
  });

  it('keeps a session started on host A valid on host B (sessions live in the database)', async () => {
    const signedIn = await signIn(frontA.url);
    expect(signedIn.status).toBe(303);
    const cookie = signedIn
      .setCookies()
      .map((line) => line.split(';')[0])
      .join('; ');
    const dashboard = await rawRequest(`${frontB.url}/admin`, { headers: { cookie } });
    expect(dashboard.status, dashboard.body).toBe(200);
    expect(dashboard.body).toContain('Sign out');
  });

  it('shows a scheduled article on both hosts at its time', async () => {
    // Written through the model API, as a command on any host would (the admin's form schedules to the minute).
    const at = new Date(Date.now() + 4000);
    await connectDatabase(databaseUrl);
    try {
      const author = await db.user.findFirstOrThrow({ where: { login: adminLogin } });
      await createArticle({ author, title: 'Scheduled elsewhere', tags: 'ruby', publishedAt: at });
    } finally {
      await disconnectDatabase();
    }
    const onA = await cachedOn(hosts.a, frontA, '/tag/ruby', 'tag/ruby.html');
    const onB = await cachedOn(hosts.b, frontB, '/tag/ruby', 'tag/ruby.html');
    expect(Date.now(), 'the pages were cached before the article was due').toBeLessThan(at.getTime());
    await waitFor(() => !existsSync(onA) && !existsSync(onB), {
      timeout: 30_000,
      interval: 5,
      message: "both hosts' cached /tag/ruby to expire at the article's time",
    });
    const lateMs = Date.now() - at.getTime();
    console.info(`scheduled article: both hosts' cached listings expired ${lateMs} ms after its time`);
    expect(lateMs).toBeGreaterThanOrEqual(-50);
    expect(lateMs).toBeLessThan(1000);
    for (const front of [frontA, frontB])
      expect(await (await fetch(front.url + '/tag/ruby')).text()).toContain('Scheduled elsewhere');
  });

  it("loses no reader request when host A's pool stops, under load and after", async () => {
    const { during, after } = await stopHostUnderLoad(balancer.url, hosts, 200, hosts.a);
    console.info(
      `two hosts on PostgreSQL, host A stopped under load: ${during.failed.length} of ${during.ok + during.failed.length} failed during the stop, ${after.failed.length} of ${after.ok + after.failed.length} after`,
    );
    expect(during.failed).toEqual([]);
    expect(after.failed).toEqual([]);
    expect(after.ok).toBe(200);
    await restartHost(hosts.a);
  });

  it('serves no stale page from a host that was down while another host wrote', async () => {
    const onB = await cachedOn(hosts.b, frontB, '/tag/ruby', 'tag/ruby.html');
    const stop = await hosts.b.pool.run(['stop']);
    expect(stop.code, stop.stderr).toBe(0);
    await publishOnA(await adminOnA(), 'Written while B was down');
    // Still on B's disk: nothing on B ran to expire it.
    expect(existsSync(onB)).toBe(true);

    await restartHost(hosts.b);
    // Its workers caught up before they said they were ready.
    expect(existsSync(onB)).toBe(false);
    const page = await fetch(frontB.url + '/tag/ruby');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Written while B was down');
  });

  it('follows the other hosts again after PostgreSQL restarts', async () => {
    const onB = await cachedOn(hosts.b, frontB, '/tag/ruby', 'tag/ruby.html');
    await cluster.halt();
    await cluster.start();
    const admin = await waitFor(() => adminOnA(), { timeout: 30_000, message: 'host A to reach the database again' });
    const { answered } = await publishOnA(admin, 'Written after the restart');
    await waitFor(() => !existsSync(onB), {
      timeout: 30_000,
      interval: 5,
      message: "host B's cached /tag/ruby to expire after the restart",
    });
    // Host B's listeners reconnect with backoff (at most 5 s apart), then replay what they missed.
    console.info(
      `after a PostgreSQL restart: host B's cached page gone ${Math.round(performance.now() - answered)} ms after host A answered the save`,
    );
    expect(await (await fetch(frontB.url + '/tag/ruby')).text()).toContain('Written after the restart');
  });
});
