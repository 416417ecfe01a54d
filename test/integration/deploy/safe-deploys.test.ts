/**
 * Safe deploys, end to end: two real sshd hosts, each with a real Apache in
 * front of its FastCGI worker pool, deployed to with the shipped recipe
 * (config/deploy.ts, its hooks and settings as they are; only what names
 * these hosts is filled in). One sequence, each step starting from the state
 * the last one left:
 *   - from fresh servers: setup, check, deploy, and Apache serves the blog;
 *   - a release whose home page fails never goes live (not even through
 *     Apache's cached copy of the old home page);
 *   - every host migrates its own SQLite database, and `restart` migrates a
 *     host whose database fell behind;
 *   - a failed migration leaves no trace anywhere and is retryable once fixed;
 *   - a host dropping off the network after the switch, then `rollback --to`
 *     and `deploy` again, bring both hosts back to one release;
 *   - a deploy that dies mid-install leaves an incomplete release, which the
 *     next run removes, taking over the lock the dead run left.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import shipped from '#config/deploy.ts';
import { after, before, type Hook, type Recipe } from '#deploy/dsl.ts';
import { formatDuration } from '#deploy/output/duration.ts';
import {
  commit,
  configure,
  createRepository,
  currentRelease,
  lockExists,
  poolPid,
  releaseDirs,
  run,
  startHosts,
  type Hosts,
  type TestHost,
} from '#test/integration/deploy/fixture.ts';
import { startApacheFront, type ApacheFront } from '#test/integration/deploy/web-front.ts';

let dir: string;
let repo: string;
let world: Hosts;
let fronts: ApacheFront[];
const live: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'folio-safe-deploys-'));
  repo = createRepository(dir);
  world = await startHosts(dir, 2);
  fronts = await Promise.all(world.hosts.map((host) => startApacheFront(host)));
});

afterAll(async () => {
  await world?.stop();
  await Promise.all((fronts ?? []).map((front) => front.stop()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The shipped recipe as it is, pointed at these hosts: their addresses, directories, ports and Apache. */
function shippedRecipe(extraHooks: Hook[] = []): Recipe {
  return {
    ...shipped,
    repository: repo,
    servers: world.hosts.map((host, index) => ({
      host: '127.0.0.1',
      port: host.sshd!.port,
      name: host.name,
      roles: index === 0 ? ['app', 'web', 'db'] : ['app', 'web'],
      primary: index === 0,
      deployTo: host.deployTo,
      workers: { listen: `127.0.0.1:${host.workerPort}` },
      webServer: { ...fronts[index]!.webServer, sudo: false }, // the test hosts log in as root
    })),
    ssh: { identityFile: world.identityFile, knownHosts: world.knownHosts, connectTimeout: 60 },
    hooks: [...(shipped.hooks ?? []), ...extraHooks],
  };
}

async function through(front: ApacheFront, pathname = '/'): Promise<{ status: number; body: string }> {
  const response = await fetch(`${front.url}${pathname}`, { signal: AbortSignal.timeout(120_000) });
  return { status: response.status, body: await response.text() };
}

/** Both hosts on `release`, unlocked, their pools running, and Apache serving the blog. */
async function expectServing(release: string): Promise<void> {
  for (const [index, host] of world.hosts.entries()) {
    expect(currentRelease(host), `${host.name}: current`).toBe(release);
    expect(lockExists(host), `${host.name}: lock left behind`).toBe(false);
    expect(poolPid(host), `${host.name}: worker pool`).toBeDefined();
    const page = await through(fronts[index]!);
    expect(page.status, `${host.name}: GET / through Apache`).toBe(200);
    expect(page.body).toContain('</html>');
  }
}

function database(host: TestHost): Database.Database {
  return new Database(path.join(host.deployTo, 'shared/data/folio.db'));
}

function migrationRows(host: TestHost, name: string): number {
  const db = database(host);
  try {
    return (
      db.prepare('SELECT count(*) AS n FROM _prisma_migrations WHERE migration_name = ?').get(name) as { n: number }
    ).n;
  } finally {
    db.close();
  }
}

function hasTable(host: TestHost, table: string): boolean {
  const db = database(host);
  try {
    return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
  } finally {
    db.close();
  }
}

function writeMigration(name: string, sql: string): void {
  const folder = path.join(repo, 'prisma/migrations', name);
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'migration.sql'), sql);
}

// Each step is one or more deploys to two hosts: minutes on a busy machine, and slow is not wrong.
const steps = { timeout: 1_200_000 };

describe.sequential('safe deploys to two hosts with Apache in front', steps, () => {
  it('from fresh servers: setup, check and a first deploy with the shipped recipe put the blog behind Apache on both', async () => {
    const config = configure(shippedRecipe());
    expect((await run(config, 'setup')).ok).toBe(true);
    const check = await run(config, 'check');
    expect(check.ok, check.output).toBe(true);
    expect((await through(fronts[0]!)).status).not.toBe(200); // Apache runs, with no site yet

    const first = await run(config, 'deploy');
    expect(first.ok, first.output + first.error).toBe(true);
    // The shipped hook after deploy:install ran on both hosts, with the release's environment.
    for (const host of world.hosts)
      expect(first.output).toContain(`[${host.name}] after deploy:install: show the installed Folio version`);
    live.push(currentRelease(world.hosts[0]!)!);
    await expectServing(live[0]!);
    expect(first.output).toMatch(
      new RegExp(`release ${live[0]} is live on 2 host\\(s\\), in .*: host-a on ${live[0]}, host-b on ${live[0]}`),
    );
    console.info(`first two-host deploy with Apache in front: ${formatDuration(first.ms)}`);
  });

  it('never makes live a release whose home page fails, though Apache holds a cached home page of the old one', async () => {
    for (const front of fronts) await through(front); // Apache now serves / from the page cache
    const home = path.join(repo, 'app/controllers/home.ts');
    const working = readFileSync(home, 'utf8');
    writeFileSync(
      home,
      working.replace(
        'export async function index(req: Request, res: Response) {',
        "export async function index(req: Request, res: Response) {\n  if (req.path === '/') throw new Error('the home page is broken on purpose');",
      ),
    );
    commit(repo, 'a release whose home page throws');
    const broken = await run(configure(shippedRecipe()), 'deploy');
    expect(broken.ok, broken.output).toBe(false);
    expect(broken.error).toMatch(
      /^deploy failed at verify on host-a, host-b: .*GET \/ .*500[\s\S]*rolled back on every host: host-a on \d{14}, host-b on \d{14}/,
    );
    expect(broken.output).toContain('the home page is broken on purpose');
    await expectServing(live[0]!);
    for (const host of world.hosts) expect(releaseDirs(host)).toEqual([live[0]]);
    writeFileSync(home, working);
    commit(repo, 'the home page works again');
  });

  it("migrates every host's own database before the switch, and restart migrates a host whose database fell behind", async () => {
    writeMigration('20990101000000_deploy_probe', 'CREATE TABLE "DeployProbe" ("id" INTEGER NOT NULL PRIMARY KEY);\n');
    commit(repo, 'a release with a migration');
    const result = await run(configure(shippedRecipe()), 'deploy');
    expect(result.ok, result.output + result.error).toBe(true);
    live.push(currentRelease(world.hosts[0]!)!);
    await expectServing(live[1]!);
    for (const host of world.hosts) {
      expect(migrationRows(host, '20990101000000_deploy_probe'), host.name).toBe(1);
      expect(hasTable(host, 'DeployProbe'), host.name).toBe(true);
    }

    const behind = database(world.hosts[1]!);
    behind.exec(
      `DROP TABLE "DeployProbe"; DELETE FROM _prisma_migrations WHERE migration_name = '20990101000000_deploy_probe';`,
    );
    behind.close();
    const restarted = await run(configure(shippedRecipe()), 'restart');
    expect(restarted.ok, restarted.output + restarted.error).toBe(true);
    expect(hasTable(world.hosts[1]!, 'DeployProbe')).toBe(true);
    expect(migrationRows(world.hosts[1]!, '20990101000000_deploy_probe')).toBe(1);
    await expectServing(live[1]!);
  });

  it("leaves no trace of a failed migration on any host, names it with the database's own error, and applies it once fixed", async () => {
    const name = '20990102000000_half_done';
    writeMigration(
      name,
      'CREATE TABLE "Half" ("id" INTEGER NOT NULL PRIMARY KEY);\nALTER TABLEE "Half" ADD COLUMN "oops" TEXT;\n',
    );
    commit(repo, 'a release with a broken migration');
    const failed = await run(configure(shippedRecipe()), 'deploy');
    expect(failed.ok, failed.output).toBe(false);
    expect(failed.error).toMatch(
      new RegExp(`^deploy failed at migrate on host-a, host-b: .*${name}.*syntax error`, 's'),
    );
    expect(failed.output).not.toMatch(/wasm|\.rs:\d+/);
    for (const host of world.hosts) {
      expect(migrationRows(host, name), host.name).toBe(0);
      expect(hasTable(host, 'Half'), host.name).toBe(false);
    }
    await expectServing(live[1]!);

    writeMigration(
      name,
      'CREATE TABLE "Half" ("id" INTEGER NOT NULL PRIMARY KEY);\nALTER TABLE "Half" ADD COLUMN "oops" TEXT;\n',
    );
    commit(repo, 'the migration, fixed');
    const fixed = await run(configure(shippedRecipe()), 'deploy');
    expect(fixed.ok, fixed.output + fixed.error).toBe(true);
    live.push(currentRelease(world.hosts[0]!)!);
    for (const host of world.hosts) expect(migrationRows(host, name), host.name).toBe(1);
    await expectServing(live[2]!);
  });

  it('converges after a host drops off the network just after the switch: rollback --to, then deploy again', async () => {
    const [a, b] = world.hosts as [TestHost, TestHost];
    commit(repo, 'a release that meets a network failure');
    const cut = after('deploy:switch', 'host-b drops off the network', async ({ host }) => {
      if (host.name === 'host-b') await b.sshd!.cut();
    });
    const existing = releaseDirs(b);
    const split = await run(configure(shippedRecipe([cut])), 'deploy');
    expect(split.ok).toBe(false);
    const newer = releaseDirs(b).find((name) => !existing.includes(name))!;
    expect(split.error).toMatch(new RegExp(`ROLLBACK INCOMPLETE: host-a on ${live[2]}, host-b on ${newer}`));
    expect(currentRelease(a)).toBe(live[2]);
    expect(currentRelease(b)).toBe(newer); // split: the very fault re-running must repair
    expect(lockExists(b)).toBe(true);

    await b.sshd!.restart();
    const back = await run(configure(shippedRecipe()), 'rollback', { args: ['--to', live[2]!] });
    expect(back.ok, back.output + back.error).toBe(true);
    expect(back.output).toMatch(/\[host-b\] warning: took over the lock left by .*: that run is gone/);
    expect(back.output).toMatch(
      new RegExp(`rolled back in .*: host-a on ${live[2]}, host-b on ${live[2]} \\(host-a already there\\)`),
    );
    await expectServing(live[2]!);

    const again = await run(configure(shippedRecipe()), 'deploy');
    expect(again.ok, again.output + again.error).toBe(true);
    live.push(currentRelease(a)!);
    await expectServing(live[3]!);
  });

  it("removes the release a deploy that died mid-install left, never listing it as a release, and takes over the dead run's lock", async () => {
    const [, b] = world.hosts as [TestHost, TestHost];
    commit(repo, 'a release whose deploy dies mid-install');
    const cut = before('deploy:install', 'host-b drops off the network', async ({ host }) => {
      if (host.name === 'host-b') await b.sshd!.cut();
    });
    const existing = releaseDirs(b);
    const died = await run(configure(shippedRecipe([cut])), 'deploy');
    expect(died.ok).toBe(false);
    const orphan = releaseDirs(b).find((name) => !existing.includes(name))!;
    expect(orphan).toMatch(/^\d{14}$/);
    expect(readFileSync(path.join(b.deployTo, 'releases', orphan, '.incomplete'), 'utf8')).toBe('');

    await b.sshd!.restart();
    const table = await run(configure(shippedRecipe()), 'releases');
    expect(table.output).toMatch(new RegExp(`${orphan} +\\S* +- +failed`));
    const next = await run(configure(shippedRecipe()), 'deploy');
    expect(next.ok, next.output + next.error).toBe(true);
    expect(next.output).toContain(`[host-b] removed release ${orphan}, left incomplete by a deploy that failed`);
    expect(next.output).toMatch(/\[host-b\] warning: took over the lock left by/);
    live.push(currentRelease(b)!);
    expect(releaseDirs(b)).not.toContain(orphan);
    await expectServing(live[4]!);
  });
});
