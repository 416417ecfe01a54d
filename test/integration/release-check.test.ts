import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { root, runCommand, runFolio, userEnv, type Finished } from '#test/support/cli.ts';
import { PoolHarness, freePorts, get } from '#test/integration/pool/pool-harness.ts';

// `release:check` as the deploy runs it: a real CLI process in a release
// tree, on a real SQLite blog, against a real worker pool. A release whose
// home page throws is a copy of this tree with one template changed, as a
// commit would make it; the sources under test are never edited.

const releaseFiles = ['app', 'config', 'views', 'public', 'prisma', 'package.json', 'tsconfig.json'];
const secret = 'release-check-secret-that-is-long-enough';

/** A release tree beside this one whose default theme's home template throws. */
function brokenRelease(parent: string): string {
  const dir = path.join(parent, 'broken-release');
  for (const file of releaseFiles) cpSync(path.join(root, file), path.join(dir, file), { recursive: true });
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  const home = path.join(dir, 'views/themes/default/templates/index.ejs');
  writeFileSync(home, `<% throw new Error('home template exploded') %>\n${readFileSync(home, 'utf8')}`);
  return realpathSync(dir);
}

/** `npm run --silent folio -- release:check ARGS` with cwd = the release tree, as the deploy runs it over ssh. */
function releaseCheck(release: string, dataDir: string, args: string[] = []): Promise<Finished> {
  return runCommand(process.execPath, [path.join(release, 'app/commands/launch.mjs'), 'release:check', ...args], {
    cwd: release,
    env: userEnv({ FOLIO_DATA_DIR: dataDir, SESSION_SECRET: secret, BASE_URL: 'http://blog.test', LOG_LEVEL: 'info' }),
  });
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const passLine = (prefix: string, route: string, type: string) =>
  new RegExp(`^${escape(`${prefix}✓ GET ${route} 200 ${type}`)} \\d+(\\.\\d)? k?B \\d+ ms$`, 'm');

let scratch: string;
let broken: string;

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'folio-release-check-'));
  broken = brokenRelease(scratch);
});
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('release:check, before the switch (the new release in-process)', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = path.join(scratch, 'seeded');
    const seeded = await runFolio(['seed', '--articles', '3'], { FOLIO_DATA_DIR: dataDir, SESSION_SECRET: secret });
    expect(seeded.code, seeded.stderr).toBe(0);
  });

  it("passes on a seeded blog: home, the newest article, the feed and the admin's way in, one line each, and caches nothing", async () => {
    const result = await releaseCheck(root, dataDir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const newest = new Database(path.join(dataDir, 'folio.db'), { readonly: true })
      .prepare(
        `SELECT "publishedOn", "slug" FROM "Article" WHERE "state" = 'published' ORDER BY "publishedAt" DESC, "id" DESC LIMIT 1`,
      )
      .get() as { publishedOn: string; slug: string };
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(passLine('', '/', 'text/html'));
    expect(lines[1]).toMatch(passLine('', `/${newest.publishedOn.replaceAll('-', '/')}/${newest.slug}`, 'text/html'));
    expect(lines[2]).toMatch(passLine('', '/articles.atom', 'application/atom+xml'));
    // Seeding makes no administrator: until there is one, setup is the admin's way in.
    expect(lines[3]).toMatch(passLine('', '/admin/setup', 'text/html'));
    expect(existsSync(path.join(dataDir, 'cache', 'index.html'))).toBe(false);
  });

  it('fails on a release whose home page throws, naming the route, its status and the error the app logged', async () => {
    const result = await releaseCheck(broken, dataDir);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^folio: ✗ GET \/ 500 text\/html .*: expected 200; the app logged: request failed: Error: home template exploded \(.*index\.ejs:1\) \(request [\w-]+\)\n$/,
    );
  });

  it('does not let a cached home page answer for the release', async () => {
    mkdirSync(path.join(dataDir, 'cache'), { recursive: true });
    writeFileSync(path.join(dataDir, 'cache', 'index.html'), '<!doctype html><title>the previous release</title>');
    const result = await releaseCheck(broken, dataDir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/✗ GET \/ 500 .*home template exploded/);
  });

  it('says so and checks the rest on a blog with no article', async () => {
    const empty = path.join(scratch, 'empty');
    const migrated = await runFolio(['db:migrate'], { FOLIO_DATA_DIR: empty, SESSION_SECRET: secret });
    expect(migrated.code, migrated.stderr).toBe(0);
    // An initialised blog whose articles were all deleted (the welcome article is made only once).
    const db = new Database(path.join(empty, 'folio.db'));
    db.prepare(`INSERT INTO "Setting" ("id", "updatedAt") VALUES (1, ?)`).run(
      new Date().toISOString().replace('Z', '+00:00'),
    );
    db.close();
    const result = await releaseCheck(root, empty);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').slice(0, 4)).toEqual([
      'no article to check',
      expect.stringMatching(passLine('', '/', 'text/html')),
      expect.stringMatching(passLine('', '/articles.atom', 'application/atom+xml')),
      expect.stringMatching(passLine('', '/admin/setup', 'text/html')),
    ]);
  });

  it.each([
    [['--timeout', '0'], /--timeout: expected whole seconds 1\.\.3600, got "0"/],
    [['--timeout', 'soon'], /--timeout: expected whole seconds/],
    [['--bogus'], /Unknown option '--bogus'[\s\S]*usage: npm run folio -- release:check/],
  ])('refuses %j with a clear message and exit status 1', async (args, message) => {
    const result = await releaseCheck(root, dataDir, args);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
  });
});

describe('release:check --workers, after the restart (every worker of the running pool)', () => {
  let pool: PoolHarness;

  beforeAll(async () => {
    pool = new PoolHarness();
    const seeded = await runFolio(['seed', '--articles', '3'], {
      FOLIO_DATA_DIR: pool.dataDir,
      SESSION_SECRET: secret,
    });
    expect(seeded.code, seeded.stderr).toBe(0);
  });
  afterAll(async () => {
    await pool?.cleanup();
  });

  async function start(args: string[]): Promise<void> {
    const started = await pool.run(['start', '--daemon', '--count', '2', ...args]);
    expect(started.code, started.stderr + pool.log()).toBe(0);
    await pool.ready(2);
  }

  async function stop(): Promise<void> {
    const stopped = await pool.run(['stop']);
    expect(stopped.code, stopped.stderr).toBe(0);
  }

  it('fails when no pool is running', async () => {
    const result = await releaseCheck(root, pool.dataDir, ['--workers']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^folio: no worker pool is running for .* \(no .*supervisor\.pid\)\n$/);
  });

  it('passes with FastCGI workers, asking each one over FastCGI', async () => {
    const port = await freePorts(2);
    await start(['--listen', `127.0.0.1:${port}`]);
    const result = await releaseCheck(root, pool.dataDir, ['--workers']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      new RegExp(
        `^supervisor pid ${pool.state()!.supervisorPid}(, itself running .*)?: 2 fastcgi worker\\(s\\) ready, all from ${escape(realpathSync(root))}$`,
      ),
    );
    for (const worker of ['0', '1']) {
      expect(lines.filter((line) => line.startsWith(`worker ${worker}: ✓ GET `))).toHaveLength(4);
      expect(result.stdout).toMatch(passLine(`worker ${worker}: `, '/articles.atom', 'application/atom+xml'));
    }
  });

  it('waits for a worker that does not answer until --timeout, then names it', async () => {
    const stuck = pool.state()!.workers[0]!.pid!;
    process.kill(stuck, 'SIGSTOP'); // alive and ready by every outside sign, but it answers nothing
    try {
      const result = await releaseCheck(root, pool.dataDir, ['--workers', '--timeout', '8']);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/^supervisor pid \d+.*\n$/);
      expect(result.stderr).toBe('folio: worker 0: ✗ GET /: no answer within 8 s (--timeout)\n');
    } finally {
      process.kill(stuck, 'SIGCONT');
    }
    await stop();
  });

  it('passes with HTTP workers on unix sockets, and no page is cached by it', async () => {
    await start(['--http', '--socket-dir', path.join(pool.dataDir, 'sockets')]);
    const result = await releaseCheck(root, pool.dataDir, ['--workers']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^supervisor pid \d+(, itself running .*)?: 2 http worker\(s\) ready/);
    for (const worker of ['0', '1']) expect(result.stdout).toMatch(passLine(`worker ${worker}: `, '/', 'text/html'));
    expect(existsSync(path.join(pool.dataDir, 'cache', 'index.html'))).toBe(false);
    await stop();
  });

  describe('a pool forked from another release, whose home page throws', () => {
    let sockets: string;

    beforeAll(async () => {
      sockets = path.join(pool.dataDir, 'sockets');
      await start(['--http', '--socket-dir', sockets, '--root', broken]);
    });

    it('fails the check of this release, saying which worker runs which release', async () => {
      const [first, second] = pool.state()!.workers;
      const result = await releaseCheck(root, pool.dataDir, ['--workers']);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        `folio: worker 0 (pid ${first!.pid}) runs ${broken}, worker 1 (pid ${second!.pid}) runs ${broken}; this release is ${realpathSync(root)}\n`,
      );
    });

    it('fails the check of that release although a good home page is cached on disk', async () => {
      mkdirSync(path.join(pool.dataDir, 'cache'), { recursive: true });
      writeFileSync(
        path.join(pool.dataDir, 'cache', 'index.html'),
        '<!doctype html><title>the previous release</title><p>all is well',
      );
      // The trap a health URL fell into: the worker's own HTTP server answers / from the cache.
      expect(await get(path.join(sockets, 'folio-0.sock'), '/')).toEqual({
        status: 200,
        body: expect.stringContaining('all is well') as unknown,
      });

      const result = await releaseCheck(broken, pool.dataDir, ['--workers']);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(
        /^supervisor pid \d+(, itself running .*)?: 2 http worker\(s\) ready, all from .*broken-release\n$/,
      );
      expect(result.stderr).toMatch(
        /^folio: worker 0: ✗ GET \/ 500 text\/html .*: expected 200; the app logged: request failed: Error: home template exploded \(.*index\.ejs:1\) \(request [\w-]+\)\n$/,
      );
    });
  });
});
