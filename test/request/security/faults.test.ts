import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import Database from 'better-sqlite3';
import { startTestApp, testDatabaseKind, type TestApp } from '#test/support/app.ts';
import { sqliteFile } from '#app/database/url.ts';
import { csrfFrom, signedInAgent, testPassword, type SignedInAgent } from '#test/support/admin.ts';
import * as cast from '#test/fixtures/cast.ts';
import { capturedLog } from '#test/support/log.ts';
import { forgetSignInLimiters } from '#app/models/user/sign-in-throttle.ts';
import { db } from '#app/models/db.ts';
import { execSql } from '#test/support/postgres.ts';

/** A second connection to the same file, as another process would hold it. */
function secondConnection(t: TestApp) {
  return new Database(sqliteFile(t.config.databaseUrl));
}

// Another process holding the write lock is not a bug of the request's: a themed 503 with Retry-After, never a 500.
// SQLite's lock: PostgreSQL locks rows, not the database (its outage is tested in database-outage.test.ts).
describe.skipIf(testDatabaseKind() !== 'sqlite')('a database held busy by another connection', () => {
  let t: TestApp;
  let ada: SignedInAgent;
  const log = capturedLog();
  beforeAll(async () => {
    t = await startTestApp({ logger: log.logger });
    await cast.ada();
    ada = await signedInAgent(t.app, 'ada');
  });
  afterAll(() => t.close());

  it('answers an admin write with 503 and Retry-After while the lock is held, and the write works once it is released', async () => {
    const holder = secondConnection(t);
    const draft = { title: 'Written while busy', body: 'b', textFilter: 'markdown', publishedAt: '' };
    holder.exec('BEGIN IMMEDIATE');
    try {
      const res = await ada.post('/admin/articles', draft);
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toMatch(/^\d+$/);
      expect(res.text).toContain('busy');
      expect(res.text).toContain(res.headers['x-request-id']);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(log.errors()).toEqual([]);
    await ada.post('/admin/articles', draft).expect(303);
  });
});

// express-session reports store failures to callbacks; a throw there used to escape Express and kill the
// worker, and a failed save or destroy was ignored. The store fails here as a broken disk would: every
// write to the Session table is refused (a trigger), while the rest of the database works.
describe('a failing session store', () => {
  let t: TestApp;
  // Another process's trigger refuses every write to the store, in either dialect.
  const breakSessionStore = async () => {
    if (testDatabaseKind() === 'postgresql') {
      await execSql(
        t.config.databaseUrl,
        `CREATE FUNCTION refuse_session() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'session store unavailable'; END $$;
         CREATE TRIGGER "refuse_session" BEFORE INSERT OR UPDATE OR DELETE ON "Session" FOR EACH ROW EXECUTE FUNCTION refuse_session();`,
      );
      return;
    }
    const connection = secondConnection(t);
    for (const operation of ['INSERT', 'DELETE', 'UPDATE']) {
      connection.exec(
        `CREATE TRIGGER "refuse_session_${operation}" BEFORE ${operation} ON "Session" BEGIN SELECT RAISE(ABORT, 'session store unavailable'); END`,
      );
    }
    connection.close();
  };
  const repairSessionStore = async () => {
    if (testDatabaseKind() === 'postgresql') {
      await execSql(
        t.config.databaseUrl,
        `DROP TRIGGER IF EXISTS "refuse_session" ON "Session"; DROP FUNCTION IF EXISTS refuse_session();`,
      );
      return;
    }
    const connection = secondConnection(t);
    for (const operation of ['INSERT', 'DELETE', 'UPDATE'])
      connection.exec(`DROP TRIGGER IF EXISTS "refuse_session_${operation}"`);
    connection.close();
  };
  beforeAll(async () => {
    t = await startTestApp();
    forgetSignInLimiters();
    await cast.ada();
  });
  afterAll(() => t.close());

  it('answers the sign-in with an error page, signs no one in, and keeps serving', async () => {
    const agent = request.agent(t.app);
    const page = await agent.get('/admin/sign-in').expect(200);
    await breakSessionStore();
    try {
      const res = await agent
        .post('/admin/sign-in')
        .type('form')
        .send({ _csrf: csrfFrom(page.text), login: 'ada', password: testPassword });
      expect(res.status).toBe(500);
      expect(res.text).toContain('Something went wrong on our side');
      await request(t.app).get('/').expect(200);
      await agent.get('/admin').expect(303);
    } finally {
      await repairSessionStore();
    }
  });

  it('answers a sign-out it could not record with an error page, not a false "signed out"', async () => {
    const ada = await signedInAgent(t.app, 'ada');
    await breakSessionStore();
    try {
      const res = await ada.post('/admin/sign-out');
      expect(res.status).toBe(500);
    } finally {
      await repairSessionStore();
    }
  });

  it('answers the first-run setup with an error page too', async () => {
    await db.user.deleteMany({});
    const agent = request.agent(t.app);
    const page = await agent.get('/admin/setup').expect(200);
    await breakSessionStore();
    try {
      const res = await agent
        .post('/admin/setup')
        .type('form')
        .send({
          _csrf: csrfFrom(page.text),
          login: 'root',
          displayName: 'Root',
          email: 'root@example.com',
          password: testPassword,
          passwordConfirmation: testPassword,
        });
      expect(res.status).toBe(500);
      await request(t.app).get('/').expect(200);
    } finally {
      await repairSessionStore();
    }
  });
});
