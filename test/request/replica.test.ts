/**
 * DATABASE_REPLICA_URL against a real primary and a real streaming replica
 * (two throwaway clusters, `pg_basebackup -R`): which server answers is what
 * the query hook is told. Replay is paused on the replica
 * (`pg_wal_replay_pause()`) to hold it behind a write for as long as a test needs.
 */
import { describe, it, expect, beforeAll, afterAll, afterEach } from 'vitest';
import request from 'supertest';
import { startTestApp, testDatabaseKind, type TestApp } from '#test/support/app.ts';
import { signedInAgent, type SignedInAgent } from '#test/support/admin.ts';
import { waitFor } from '#test/support/wait-for.ts';
import {
  createDatabase,
  execSql,
  startPostgresCluster,
  startReplica,
  type PostgresCluster,
} from '#test/support/postgres.ts';
import * as cast from '#test/fixtures/cast.ts';
import { createArticle } from '#test/fixtures/factories.ts';
import { applyMigrations } from '#app/models/migrator.ts';
import { database, db } from '#app/models/db.ts';
import { onChange } from '#app/models/changes.ts';
import { articlePath } from '#app/helpers/permalinks.ts';
import { issueCommentToken } from '#app/models/comment/form-token.ts';

type Server = 'primary' | 'replica';

describe.skipIf(testDatabaseKind() !== 'postgresql')('reader pages on a streaming replica', () => {
  let primary: PostgresCluster;
  let replica: PostgresCluster;
  let t: TestApp;
  let asGrace: SignedInAgent;
  let served: Server[] = [];
  const changes: { usable: boolean; reason: string }[] = [];
  const reader = () => request(t.app);

  /** GETs `path` as `client` does, and says which servers answered its queries. */
  async function serversFor(path: string, client: { get(path: string): request.Test } = reader()) {
    served = [];
    const res = await client.get(path);
    return { res, servers: new Set(served) };
  }

  const onlyReplica = (servers: Set<Server>) => servers.size === 1 && servers.has('replica');
  const replaySql = (paused: boolean) =>
    execSql(replica.url('folio'), paused ? 'SELECT pg_wal_replay_pause()' : 'SELECT pg_wal_replay_resume()');

  beforeAll(async () => {
    primary = await startPostgresCluster();
    await createDatabase(primary, 'folio');
    await applyMigrations(primary.url('folio'));
    replica = await startReplica(primary);
    t = await startTestApp({
      env: { DATABASE_URL: primary.url('folio'), DATABASE_REPLICA_URL: replica.url('folio') },
      database: {
        onQuery: ({ server }) => served.push(server ?? 'primary'),
        onReplicaChange: (change) => changes.push(change),
      },
    });
    await cast.ada();
    const grace = await cast.grace();
    await createArticle({ author: grace, title: 'Already there', tags: 'history' });
    asGrace = await signedInAgent(t.app, 'grace');
  }, 60_000); // two clusters, one of them a base backup of the other: ~16 s on a busy 2-core machine
  afterEach(() => replaySql(false).catch(() => undefined));
  afterAll(async () => {
    await t?.close();
    await replica?.stop();
    await primary?.stop();
  });

  it('answers an anonymous reader’s pages from the replica once it has replayed the blog', async () => {
    await waitFor(async () => onlyReplica((await serversFor('/')).servers), { message: 'the replica to serve /' });
    const article = await db.article.findFirstOrThrow({ where: { title: 'Already there' } });
    for (const path of ['/', articlePath(article), '/tag/history', '/search?q=there']) {
      const { res, servers } = await serversFor(path);
      expect(res.status, path).toBe(200);
      expect(res.text, path).toContain('Already there');
      expect([...servers], path).toEqual(['replica']);
    }
  });

  it('shows an author their published article at once, on the reader page and in the admin, from the primary', async () => {
    await replaySql(true);
    await asGrace
      .post('/admin/articles', { title: 'Hot off the press', body: 'Fresh words', publishedAt: '', intent: 'publish' })
      .expect(303);
    const article = await db.article.findFirstOrThrow({ where: { title: 'Hot off the press' } });

    const own = await serversFor(articlePath(article), asGrace.agent);
    expect(own.res.status).toBe(200);
    expect(own.res.text).toContain('Fresh words');
    expect([...own.servers]).toEqual(['primary']);
    expect((await serversFor('/', asGrace.agent)).res.text).toContain('Hot off the press');
    expect((await asGrace.get('/admin/articles')).text).toContain('Hot off the press');

    // The write noted the primary's position (changes.ts): until the paused replica replays it, anonymous readers
    // are answered by the primary too, so no page without the article is rendered (or cached) after the publish.
    const anonymous = await serversFor(articlePath(article));
    expect(anonymous.res.status).toBe(200);
    expect([...anonymous.servers]).toEqual(['primary']);

    await replaySql(false);
    await waitFor(async () => (await serversFor(articlePath(article))).servers.has('replica'), {
      message: 'anonymous readers to be answered by the replica again once it replays the write',
    });
    expect((await reader().get(articlePath(article))).status).toBe(200);
  });

  it('keeps an anonymous commenter on the primary for a few seconds after posting', async () => {
    const article = await db.article.findFirstOrThrow({ where: { title: 'Already there' } });
    const url = articlePath(article);
    await replaySql(true);
    const posted = await reader()
      .post(`${url}/comments`)
      .type('form')
      .send({
        token: issueCommentToken(article.id, t.config.sessionSecret, new Date(Date.now() - 10_000)),
        authorName: 'Reader',
        body: 'First!',
      })
      .expect(303);
    const wrote = (posted.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('folio.wrote='));
    expect(wrote).toMatch(/Max-Age=10; Path=\/; .*HttpOnly; SameSite=Lax/);
    const back = await serversFor(posted.headers.location as string, {
      get: (path) => reader().get(path).set('Cookie', wrote!.split(';')[0]!),
    });
    expect(back.res.status).toBe(200);
    expect([...back.servers]).toEqual(['primary']);
    expect(await db.comment.count({ where: { articleId: article.id, bodySource: 'First!' } })).toBe(1);
  });

  it('serves anonymous readers from the primary while the replica is behind a noted write, then from the replica again', async () => {
    // What announce() does with a replica: note the primary's position before the sweep expires the pages.
    const stopNoting = onChange(() => database().replica!.noteWrite());
    try {
      await waitFor(async () => onlyReplica((await serversFor('/')).servers), { message: 'the replica to serve /' });
      await replaySql(true);
      const article = await createArticle({ title: 'Noted write', bodySource: 'Seen by all' });
      const during = await serversFor(articlePath(article));
      expect(during.res.status).toBe(200);
      expect([...during.servers]).toEqual(['primary']);
      expect((await serversFor('/')).res.text).toContain('Noted write');

      await replaySql(false);
      const after = await waitFor(
        async () => {
          const look = await serversFor(articlePath(article));
          return onlyReplica(look.servers) && look;
        },
        { message: 'readers to return to the replica once it replays the write' },
      );
      expect(after.res.text).toContain('Seen by all');
      expect([...after.servers]).toEqual(['replica']);
    } finally {
      stopNoting();
    }
  });

  it('serves anonymous readers from the primary while the replica is behind a position another host wrote at', async () => {
    const article = await createArticle({ title: 'Before the other host', bodySource: 'Old words' });
    await waitFor(async () => onlyReplica((await serversFor(articlePath(article))).servers), {
      message: 'the replica to serve the article',
    });
    await replaySql(true);
    // Another host's write, on its own connection; its change feed brings the position here.
    await execSql(
      primary.url('folio'),
      `UPDATE "Article" SET "bodyHtml" = '<p>New words</p>' WHERE "id" = ${article.id}`,
    );
    const unheard = await serversFor(articlePath(article));
    expect(unheard.res.text).toContain('Old words');
    expect([...unheard.servers]).toEqual(['replica']);
    database().replica!.notePrimaryPosition(await database().replica!.primaryPosition());
    const during = await serversFor(articlePath(article));
    expect(during.res.text).toContain('New words');
    expect([...during.servers]).toEqual(['primary']);
  });

  it('leaves a replica that stops replaying for the primary after the lag limit, and returns when it replays', async () => {
    const article = await createArticle({ title: 'Stalled', bodySource: 'Before the stall' });
    await waitFor(async () => onlyReplica((await serversFor(articlePath(article))).servers), {
      message: 'the replica to serve the article',
    });
    changes.length = 0;
    await replaySql(true);
    await execSql(primary.url('folio'), `UPDATE "Article" SET "bodyHtml" = '<p>After</p>' WHERE "id" = ${article.id}`);
    // Nobody noted this write: only the lag limit (5 s) ends the stale answers.
    expect((await serversFor(articlePath(article))).res.text).toContain('Before the stall');
    await waitFor(async () => (await serversFor(articlePath(article))).res.text.includes('After'), {
      timeout: 15_000,
      message: 'readers to leave the stalled replica',
    });
    expect(changes).toEqual([
      { usable: false, reason: expect.stringMatching(/has not replayed what it received/) as unknown },
    ]);
    await replaySql(false);
    await waitFor(async () => onlyReplica((await serversFor(articlePath(article))).servers), {
      message: 'readers to return to the replica',
    });
  });

  it('falls back to the primary when the replica stops, with no failed page, and returns to it', async () => {
    await waitFor(async () => onlyReplica((await serversFor('/')).servers), { message: 'the replica to serve /' });
    changes.length = 0;
    await replica.halt();
    const statuses: number[] = [];
    for (let i = 0; i < 20; i += 1)
      for (const path of ['/', '/tag/history', '/archives']) {
        const { res, servers } = await serversFor(path);
        statuses.push(res.status);
        if (i > 0) expect([...servers], path).toEqual(['primary']);
      }
    expect(statuses.filter((s) => s !== 200)).toEqual([]);

    // Said once, however many readers came while it was down.
    expect(changes.map((c) => c.usable)).toEqual([false]);
    expect(changes[0]!.reason).toMatch(
      /^postgresql:\/\/postgres@127\.0\.0\.1:\d+\/folio (failed a query|does not answer)/,
    );

    await replica.start();
    await waitFor(async () => onlyReplica((await serversFor('/')).servers), {
      message: 'readers to return to the restarted replica',
    });
    expect(changes.map((c) => c.usable)).toEqual([false, true]);
  });
});
