import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { runFolio, startServer } from '#test/support/cli.ts';
import { verifyPassword } from '#app/models/user/password.ts';

describe('the folio command', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'folio-cli-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves a fresh blog with migrations applied and one welcome article, and stops on SIGTERM', async () => {
    const data = path.join(dir, 'fresh');
    const server = await startServer({ FOLIO_DATA_DIR: data });
    try {
      const res = await fetch(`${server.url}/`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('Welcome to Folio');
      const db = new Database(path.join(data, 'folio.db'), { readonly: true });
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect((db.prepare('SELECT count(*) AS n FROM _prisma_migrations').get() as { n: number }).n).toBeGreaterThan(0);
      db.close();
    } finally {
      await server.stop();
    }
    expect(server.child.exitCode).toBe(0);
  });

  it('seeds sample content deterministically', async () => {
    const data = path.join(dir, 'seeded');
    const result = await runFolio(['seed', '--articles', '300'], { FOLIO_DATA_DIR: data });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Seeded 300 articles and \d+ comments/);
    const db = new Database(path.join(data, 'folio.db'), { readonly: true });
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    expect(count(`SELECT count(*) AS n FROM "Article" WHERE "state" = 'published'`)).toBe(301);
    expect(count(`SELECT count(DISTINCT substr("publishedOn", 1, 4)) AS n FROM "Article"`)).toBeGreaterThanOrEqual(6);
    expect(count(`SELECT count(*) AS n FROM "Tag"`)).toBeGreaterThan(10);
    expect(count(`SELECT count(*) AS n FROM "Section"`)).toBe(4);
    expect(count(`SELECT count(*) AS n FROM "Page"`)).toBeGreaterThanOrEqual(2);
    expect(count(`SELECT count(*) AS n FROM "Comment"`)).toBeGreaterThan(100);
    expect(count(`SELECT count(*) AS n FROM "ArticleSearch" WHERE "ArticleSearch" MATCH '"caching"'`)).toBeGreaterThan(
      0,
    );
    const counters = count(
      `SELECT count(*) AS n FROM "Article" a WHERE a."commentsCount" != (SELECT count(*) FROM "Comment" c WHERE c."articleId" = a."id" AND c."status" = 'approved')`,
    );
    expect(counters).toBe(0);
    db.close();
  });

  it.each([
    [['seed', '--articles', 'lots'], /--articles takes a whole number/],
    [['seed', '--articles', '0'], /--articles takes a whole number/],
    [['seed', '--bogus'], /unknown option "--bogus"/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [[], /no command given/],
  ])('refuses %j with a clear message and exit status 1', async (args, message) => {
    const result = await runFolio(args, { FOLIO_DATA_DIR: path.join(dir, 'bad') });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('stops boot with a message naming a bad variable', async () => {
    const result = await runFolio(['serve'], { FOLIO_DATA_DIR: path.join(dir, 'badenv'), PORT: 'eighty' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('folio: PORT: expected a whole number, got "eighty"');
  });

  it('creates an account from the shell, reading the password from stdin', async () => {
    const data = path.join(dir, 'users');
    const created = await runFolio(
      ['user:create', '--login', 'Ada', '--role', 'admin', '--email', 'ada@example.com'],
      { FOLIO_DATA_DIR: data },
      'a long passphrase ✓\n',
    );
    expect(created.stderr).toBe('');
    expect(created.stdout).toContain('Created admin "ada".');
    const db = new Database(path.join(data, 'folio.db'), { readonly: true });
    expect(
      (
        db.prepare(`SELECT "role", "passwordHash" FROM "User" WHERE "login" = 'ada'`).get() as {
          role: string;
          passwordHash: string;
        }
      ).passwordHash,
    ).toMatch(/^scrypt\$/);
    db.close();
    const weak = await runFolio(
      ['user:create', '--login', 'bob', '--role', 'author', '--email', 'bob@example.com'],
      { FOLIO_DATA_DIR: data },
      'short\n',
    );
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('at least 12 characters');
    const taken = await runFolio(
      ['user:create', '--login', 'ada', '--role', 'author', '--email', 'x@example.com'],
      { FOLIO_DATA_DIR: data },
      'another long passphrase\n',
    );
    expect(taken.stderr).toContain('is taken');
    const badRole = await runFolio(
      ['user:create', '--login', 'eve', '--role', 'owner', '--email', 'eve@example.com'],
      { FOLIO_DATA_DIR: data },
      'x\n',
    );
    expect(badRole.stderr).toContain('--role must be admin or author');
    const common = await runFolio(
      ['user:create', '--login', 'carol', '--role', 'author', '--email', 'carol@example.com'],
      { FOLIO_DATA_DIR: data },
      'password1234\n',
    );
    expect(common.code).toBe(1);
    expect(common.stderr).toContain('too easy to guess');
  });

  it('takes the password from the first line of stdin only, as typed twice at a prompt', async () => {
    const data = path.join(dir, 'lines');
    const twice = await runFolio(
      ['user:create', '--login', 'ada', '--role', 'admin', '--email', 'ada@example.com'],
      { FOLIO_DATA_DIR: data },
      'a long passphrase ✓\r\na long passphrase ✓\r\n',
    );
    expect(twice.stderr).toBe('');
    expect(twice.code).toBe(0);
    const db = new Database(path.join(data, 'folio.db'), { readonly: true });
    const { passwordHash } = db.prepare(`SELECT "passwordHash" FROM "User" WHERE "login" = 'ada'`).get() as {
      passwordHash: string;
    };
    db.close();
    // Production's cost (OWASP's scrypt figure), and the password without either line.
    expect(passwordHash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(await verifyPassword('a long passphrase ✓', passwordHash)).toBe(true);
    const empty = await runFolio(
      ['user:create', '--login', 'bob', '--role', 'author', '--email', 'bob@example.com'],
      { FOLIO_DATA_DIR: data },
      '\nsecond line\n',
    );
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('no password on stdin');
  });

  it('applies migrations on demand and says when there is nothing to do', async () => {
    const data = path.join(dir, 'migrate');
    const first = await runFolio(['db:migrate'], { FOLIO_DATA_DIR: data });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Applied \d+ migration/);
    expect(existsSync(path.join(data, 'folio.db'))).toBe(true);
    expect((await runFolio(['db:migrate'], { FOLIO_DATA_DIR: data })).stdout).toContain('up to date');
  });
});
