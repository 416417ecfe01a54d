/**
 * The restore drill, end to end: an app host and a backup host, each a real
 * sshd; the real app deployed on the first and seeded (articles, comments,
 * an upload). Back up, wipe the data dir, restore: every public page
 * answers the same bytes as before. Then a backup while another holds the
 * lock skips, naming it; `keep` prunes the oldest; `--at` picks the newest
 * backup at or before a time.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Configuration } from '#deploy/configuration.ts';
import { PlainReporter } from '#deploy/output/reporter.ts';
import { releaseBackupLock, takeBackupLock } from '#deploy/tasks/backup/lock.ts';
import { BackupStore } from '#deploy/tasks/backup/store.ts';
import {
  configure,
  createRepository,
  get,
  recipe,
  run,
  startHosts,
  stopPool,
  type Hosts,
} from '#test/integration/deploy/fixture.ts';

let dir: string;
let world: Hosts;
let config: Configuration;
let backups: string;
const upload = '2026/01/0123456789abcdef.png';

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'folio-backup-drill-'));
  const repo = createRepository(dir);
  world = await startHosts(dir, 2);
  backups = path.join(dir, 'backups');
  const [app, backupHost] = world.hosts;
  config = configure({
    ...recipe({ ...world, hosts: [app!] }, repo),
    backup: { host: '127.0.0.1', port: backupHost!.sshd!.port, path: backups, keep: 2 },
  });
});

afterAll(async () => {
  await world?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const host = () => world.hosts[0]!;
const dataDir = () => path.join(host().deployTo, 'shared/data');

function sql<T>(statement: string): T[] {
  const db = new Database(path.join(dataDir(), 'folio.db'));
  try {
    const prepared = db.prepare(statement);
    return prepared.reader ? (prepared.all() as T[]) : (prepared.run(), []);
  } finally {
    db.close();
  }
}

const comments = () => sql<{ n: number }>('SELECT count(*) AS n FROM Comment')[0]!.n;
const backupsThere = () =>
  existsSync(backups)
    ? readdirSync(backups)
        .filter((name) => /^\d{14}$/.test(name))
        .sort()
    : [];

/** Every kind of public page: home, an article, a tag, the archives, a feed, the sitemap, an upload. */
async function publicPages(): Promise<Map<string, string>> {
  const home = await get(host(), '/');
  const article = /href="(\/\d{4}\/\d{2}\/\d{2}\/[a-z0-9-]+)"/.exec(home.body)?.[1];
  const tag = /href="(\/tag\/[a-z0-9-]+)"/.exec((await get(host(), '/tags')).body)?.[1];
  expect(article, 'an article link on the home page').toBeDefined();
  expect(tag, 'a tag link on /tags').toBeDefined();
  const pages = new Map<string, string>();
  for (const pathname of ['/', article!, tag!, '/archives', '/articles.atom', '/sitemap.xml', `/uploads/${upload}`]) {
    const page = await get(host(), pathname);
    expect(page.status, pathname).toBe(200);
    pages.set(pathname, page.body);
  }
  return pages;
}

const steps = { timeout: 900_000 };

describe.sequential('backups of a deployed blog', steps, () => {
  it('deploys the app and seeds a blog with an upload', async () => {
    for (const task of ['setup', 'deploy']) {
      const result = await run(config, task);
      expect(result.ok, result.output + result.error).toBe(true);
    }
    const invoke = (...args: string[]) =>
      run(config, 'invoke', { args: ['--', 'node', 'app/commands/launch.mjs', ...args] });
    expect((await invoke('seed', '--articles', '60')).ok).toBe(true);
    mkdirSync(path.join(dataDir(), 'uploads/2026/01'), { recursive: true });
    writeFileSync(path.join(dataDir(), 'uploads', upload), Buffer.from('89504e470d0a1a0a', 'hex'));
    sql(
      `INSERT INTO Asset (storedName, originalName, contentType, byteSize, uploaderId) VALUES ('${upload}', 'pixel.png', 'image/png', 8, (SELECT min(id) FROM User))`,
    );
    expect((await invoke('cache:clear')).ok).toBe(true);
  });

  it('backs up, and after the data dir is wiped restores it: every public page answers the same bytes', async () => {
    const before = await publicPages();
    const backedUp = await run(config, 'backup');
    expect(backedUp.ok, backedUp.output + backedUp.error).toBe(true);
    expect(backedUp.output).toMatch(/backup \d{14} \(.*\) complete in .*: host-a \(database and uploads\); keeping 2/);
    const [name] = backupsThere();
    expect(readdirSync(path.join(backups, name!, 'host-a')).sort()).toEqual([
      'database.sqlite',
      'manifest.json',
      'uploads',
    ]);
    expect(readdirSync(backups).filter((entry) => entry.endsWith('.partial') || entry === '.lock')).toEqual([]);

    await stopPool(host().deployTo);
    for (const entry of readdirSync(dataDir())) rmSync(path.join(dataDir(), entry), { recursive: true, force: true });
    const restored = await run(config, 'restore');
    expect(restored.ok, restored.output + restored.error).toBe(true);
    expect(restored.output).toMatch(/restoring backup \d{14} \(.* UTC\) to host-a/);
    expect(restored.output).toMatch(/restored the sqlite database .* page cache emptied/);
    const after = await publicPages();
    for (const [pathname, body] of before) expect(after.get(pathname), pathname).toBe(body);
  });

  it('skips a backup while another run holds the lock, naming it', async () => {
    const quiet = new PlainReporter({ stream: new Writable({ write: (_c, _e, done) => done() }), hosts: [] });
    const controlDir = mkdtempSync(path.join(os.tmpdir(), 'folio-backup-test-ssh-'));
    const store = new BackupStore(config.backup!, config.ssh, controlDir, false, quiet);
    const other = {
      config,
      task: 'backup',
      sessions: [],
      reporter: quiet,
      dryRun: false,
      args: [],
      deployer: 'ops@elsewhere',
    };
    const lock = await takeBackupLock(other, store);
    try {
      const before = backupsThere();
      const skipped = await run(config, 'backup');
      expect(skipped.ok).toBe(false);
      expect(skipped.error).toMatch(/^another backup is in progress since \S+ by ops@elsewhere \(pid \d+\); skipped$/);
      expect(backupsThere()).toEqual(before);
      const restore = await run(config, 'restore');
      expect(restore.error).toMatch(/^restore refused: another backup is in progress .*; nothing was changed$/);
    } finally {
      await releaseBackupLock(store, lock);
      await store.close();
      rmSync(controlDir, { recursive: true, force: true });
    }
  });

  it('keeps the newest `keep`, and restore --at brings back the newest taken at or before a time', async () => {
    const [first] = backupsThere();
    const counts = new Map<string, number>();
    for (let round = 0; round < 2; round += 1) {
      sql('DELETE FROM Comment WHERE id = (SELECT max(id) FROM Comment)');
      const result = await run(config, 'backup');
      expect(result.ok, result.output + result.error).toBe(true);
      counts.set(backupsThere().at(-1)!, comments());
    }
    const kept = backupsThere();
    expect(kept).toHaveLength(2);
    expect(kept).not.toContain(first);
    expect([...counts.keys()]).toEqual(kept);

    sql('DELETE FROM Comment');
    const older = await run(config, 'restore', { args: ['--at', kept[0]!] });
    expect(older.ok, older.output + older.error).toBe(true);
    expect(comments()).toBe(counts.get(kept[0]!));
    expect((await get(host(), '/')).status).toBe(200);

    const newest = await run(config, 'restore');
    expect(newest.ok, newest.output + newest.error).toBe(true);
    expect(comments()).toBe(counts.get(kept[1]!));

    const tooOld = await run(config, 'restore', { args: ['--at', '2000-01-01'] });
    expect(tooOld.error).toBe(`no backup was taken at or before 2000-01-01 00:00:00 UTC: the oldest is ${kept[0]}`);
    const otherHost = await run(config, 'restore', { args: ['--from-host', 'host-z'] });
    expect(otherHost.error).toMatch(
      /^backup \d{14} has nothing from host-z \(it holds host-a\): restore another host's with --from-host NAME$/,
    );
  });
});
