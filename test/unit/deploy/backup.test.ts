/**
 * Backups, without an app: the recipe's backup section, the plan of who
 * backs up what, choosing a backup (--at), pruning to keep, the rsync
 * command lines, and the lock on a backup host that is a local directory
 * (a second run skips, naming the first; a restore finds nothing yet).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { RecipeError, resolveConfiguration, type Configuration, type HostConfig } from '#deploy/configuration.ts';
import { defineRecipe, type Recipe } from '#deploy/dsl.ts';
import { main } from '#deploy/cli.ts';
import { runTask } from '#deploy/run.ts';
import { BackupSkipped } from '#deploy/tasks/backup/lock.ts';
import { backupPlan, chooseBackup, parseAt, toPrune } from '#deploy/tasks/backup/plan.ts';
import { localEnd, rsyncArguments } from '#deploy/tasks/backup/rsync.ts';
import { hookableNames } from '#deploy/tasks/index.ts';
import { localWorld, type LocalWorld } from '#test/unit/deploy/local-hosts.ts';

const recipe = defineRecipe({
  application: 'blog',
  repository: 'git@example.com:me/blog.git',
  deployTo: '/var/www/blog',
  servers: [{ host: 'one.example.com', roles: ['app', 'web', 'db'], primary: true }],
  backup: { host: 'backup.example.com', user: 'backup', path: '/srv/backups/blog/' },
});

const resolve = (input: unknown, stage?: string) =>
  resolveConfiguration(input, { stage, knownTasks: hookableNames(), baseDir: '/project' });

function refusal(backup: unknown): string {
  try {
    resolve({ ...recipe, backup });
  } catch (error) {
    if (error instanceof RecipeError) return error.message;
    throw error;
  }
  throw new Error('the recipe was accepted');
}

describe('the backup section of a recipe', () => {
  it('resolves with defaults: port 22, keep 7, ssh, the path without its trailing slash', () => {
    expect(resolve(recipe).backup).toEqual({
      name: 'backup.example.com',
      host: 'backup.example.com',
      port: 22,
      user: 'backup',
      path: '/srv/backups/blog',
      keep: 7,
      transport: 'ssh',
    });
    expect(resolve({ ...recipe, backup: undefined }).backup).toBeUndefined();
  });

  it('a stage may have its own', () => {
    const staged = {
      ...recipe,
      stages: { production: {}, staging: { backup: { host: 'b2.example.com', port: 2222, path: '/b', keep: 2 } } },
    };
    expect(resolve(staged, 'staging').backup).toMatchObject({ name: 'b2.example.com:2222', keep: 2, path: '/b' });
    expect(resolve(staged, 'production').backup?.host).toBe('backup.example.com');
  });

  it('refuses a bad one, naming the field', () => {
    expect(refusal({ host: 'b.example.com' })).toBe('backup.path: is required');
    expect(refusal({ host: 'b.example.com', path: 'backups' })).toBe(
      'backup.path: must be an absolute path, got "backups"',
    );
    expect(refusal({ host: 'b.example.com', path: '/' })).toBe('backup.path: must not be / itself');
    expect(refusal({ host: 'b.example.com', path: '/b', keep: 0 })).toBe('backup.keep: must be at least 1');
    expect(refusal({ host: 'me@b.example.com', path: '/b' })).toMatch(
      /^backup\.host: "me@b\.example\.com" is not a hostname/,
    );
    expect(refusal({ host: 'b.example.com', path: '/b', kept: 3 })).toBe(
      'backup.kept: is not a recipe setting (misspelt?)',
    );
  });
});

describe('who backs up what', () => {
  const host = (name: string, roles: HostConfig['roles'], primary = false, databaseUrl?: string) =>
    ({ name, roles, primary, env: databaseUrl ? { DATABASE_URL: databaseUrl } : {} }) as unknown as HostConfig;
  const pg = 'postgresql://folio@db.example.com/folio';

  it('SQLite: every app host, its own database and uploads', () => {
    expect(backupPlan([host('a', ['app', 'web', 'db'], true), host('b', ['app', 'web']), host('w', ['web'])])).toEqual([
      { host: 'a', parts: 'all' },
      { host: 'b', parts: 'all' },
    ]);
  });

  it('PostgreSQL: the primary dumps it; the uploads come from the first app host when the primary serves none', () => {
    expect(
      backupPlan([host('db', ['db'], true, pg), host('a', ['app'], false, pg), host('b', ['app'], false, pg)]),
    ).toEqual([
      { host: 'db', parts: 'database' },
      { host: 'a', parts: 'uploads' },
    ]);
    expect(backupPlan([host('a', ['app', 'db'], true, pg), host('b', ['app'], false, pg)])).toEqual([
      { host: 'a', parts: 'all' },
    ]);
  });
});

describe('choosing a backup', () => {
  const names = ['20260510020000', '20260511020000', '20260512020000', 'notes.txt', '20260513020000.partial'];

  it('the newest, or the newest taken at or before --at', () => {
    expect(chooseBackup(names, undefined)).toBe('20260512020000');
    expect(chooseBackup(names, '20260511020000')).toBe('20260511020000');
    expect(chooseBackup(names, parseAt('2026-05-11T12:00:00Z'))).toBe('20260511020000');
    expect(chooseBackup(names, parseAt('2026-05-12'))).toBe('20260511020000');
    expect(chooseBackup(names, parseAt('2026-05-12 02:00'))).toBe('20260512020000');
    expect(chooseBackup(names, parseAt('2026-05-12T04:00:00+02:00'))).toBe('20260512020000');
  });

  it('says why there is none', () => {
    expect(() => chooseBackup([], undefined)).toThrow('there is no backup yet');
    expect(() => chooseBackup(names, parseAt('2026-05-01'))).toThrow(
      'no backup was taken at or before 2026-05-01 00:00:00 UTC: the oldest is 20260510020000',
    );
    expect(() => parseAt('yesterday')).toThrow(/^--at: expected a backup's name \(20260514093000\) or a time/);
    expect(() => parseAt('2026-13-45')).toThrow(/^--at: expected/);
  });

  it('keeps the newest `keep`, removing the oldest', () => {
    expect(toPrune(names, 2)).toEqual(['20260510020000']);
    expect(toPrune(names, 7)).toEqual([]);
  });
});

describe('rsync command lines', () => {
  it('copies a directory’s contents, with the remote end’s ssh as -e and --link-dest when given', () => {
    const remote = { location: 'backup.example.com:/srv/b/1/a/', shell: ['ssh', '-o', 'BatchMode=yes', '-p', '22'] };
    expect(rsyncArguments(localEnd('/tmp/x'), remote, { linkDest: '/srv/b/0/a' })).toEqual([
      '--archive',
      '--delete',
      '--link-dest=/srv/b/0/a',
      '-e',
      'ssh -o BatchMode=yes -p 22',
      '/tmp/x/',
      'backup.example.com:/srv/b/1/a/',
    ]);
  });
});

describe('the backup lock, on a backup host that is a local directory', () => {
  let world: LocalWorld;
  let store: string;

  beforeAll(() => {
    world = localWorld();
    store = path.join(world.dir, 'backups');
  });

  afterAll(() => world.remove());

  const withBackup = (): Recipe =>
    ({
      application: 'unit',
      repository: world.dir,
      deployTo: '/unused',
      servers: world.config.hosts.map((host) => ({
        host: host.host,
        name: host.name,
        transport: 'local',
        roles: [...host.roles],
        primary: host.primary,
        deployTo: host.deployTo,
      })),
      backup: { host: 'localhost', transport: 'local', path: store, keep: 2 },
    }) satisfies Recipe;

  it('a backup while another runs skips, naming it, and the CLI exits 75', async () => {
    mkdirSync(path.join(store, '.lock'), { recursive: true });
    const holder = { token: 'x', holder: 'ops@elsewhere', pid: 42, since: '2026-05-14T09:30:00.000Z', task: 'backup' };
    writeFileSync(path.join(store, '.lock/info'), JSON.stringify(holder));
    const config = resolve(withBackup());
    const error = await runTask(config, {
      task: 'backup',
      output: new Writable({ write: (_c, _e, done) => done() }),
      live: false,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupSkipped);
    expect((error as Error).message).toBe(
      'another backup is in progress since 2026-05-14T09:30:00.000Z by ops@elsewhere (pid 42); skipped',
    );
    expect(JSON.parse(readFileSync(path.join(store, '.lock/info'), 'utf8'))).toEqual(holder);

    const recipeFile = path.join(world.dir, 'recipe.mjs');
    writeFileSync(recipeFile, `export default ${JSON.stringify(withBackup())};\n`);
    const errors: string[] = [];
    const log = console.error;
    console.error = (line: string) => void errors.push(line);
    try {
      expect(await main(['--config', recipeFile, 'backup'])).toBe(75);
    } finally {
      console.error = log;
    }
    expect(errors.join('\n')).toMatch(
      /^deploy: another backup is in progress since .* by ops@elsewhere \(pid 42\); skipped$/,
    );
  });

  it('backup:unlock removes it, saying whose it was; then a restore finds no backup yet', async () => {
    const config = resolve(withBackup());
    const unlocked = await capture(config, 'backup:unlock');
    expect(unlocked.error).toBeUndefined();
    expect(unlocked.output).toMatch(/removed the backup lock held by ops@elsewhere \(pid 42\)/);
    expect(existsSync(path.join(store, '.lock'))).toBe(false);
    expect((await capture(config, 'restore')).error).toBe('there is no backup yet');
    expect((await capture(config, 'restore', ['--at', 'soon'])).error).toMatch(/^--at: expected/);
  });
});

async function capture(
  config: Configuration,
  task: string,
  args: string[] = [],
): Promise<{ output: string; error: string | undefined }> {
  let output = '';
  const stream = new Writable({ write: (chunk: Buffer, _encoding, done) => ((output += chunk.toString()), done()) });
  try {
    await runTask(config, { task, args, output: stream, live: false });
    return { output, error: undefined };
  } catch (error) {
    return { output, error: (error as Error).message };
  }
}
