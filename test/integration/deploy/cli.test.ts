/**
 * `npm run deploy -- …` as a person types it: init writes a starter recipe
 * that loads and lists the tasks; an invalid recipe stops before any host is
 * touched, naming the field; --dry-run prints instead of changing.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from '#test/integration/deploy/fixture.ts';
import { runCommand, userEnv, type Finished } from '#test/support/cli.ts';

let dir: string;
let inside: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'folio-deploy-cli-'));
  // A recipe written by init imports #deploy/dsl.ts, so it must live inside the project.
  inside = mkdtempSync(path.join(root, 'test/integration/deploy/.recipes-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(inside, { recursive: true, force: true });
});

function deploy(...args: string[]): Promise<Finished> {
  return runCommand(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'deploy/cli.ts'), ...args], {
    cwd: root,
    env: userEnv({}),
  });
}

/** A recipe file (plain object, no imports) deploying to a local directory. */
function recipeFile(
  name: string,
  change: (recipe: Record<string, unknown>) => void = () => {},
): { file: string; deployTo: string } {
  const deployTo = path.join(dir, name, 'app');
  const recipe: Record<string, unknown> = {
    application: 'cli',
    repository: root,
    deployTo,
    servers: [{ host: 'localhost', transport: 'local', roles: ['app', 'web', 'db'], primary: true }],
    workers: { http: true, listen: '127.0.0.1:9000', count: 1 },
  };
  change(recipe);
  const file = path.join(dir, `${name}.ts`);
  writeFileSync(file, `export default ${JSON.stringify(recipe, null, 2)};\n`);
  return { file, deployTo };
}

describe('npm run deploy', () => {
  it('init writes a commented starter recipe that loads, and never overwrites it', async () => {
    const file = path.join(inside, 'deploy.ts');
    const first = await deploy('--config', file, 'init');
    expect(first.code, first.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain("import { after, defineRecipe } from '#deploy/dsl.ts';");
    const again = await deploy('--config', file, 'init');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/exists already/);
    const tasks = await deploy('--config', file, 'tasks');
    expect(tasks.code, tasks.stderr).toBe(0);
    expect(tasks.stdout).toMatch(/^ {2}rollback \[--to RELEASE\] +go back to the release that was live before/m);
    expect(tasks.stdout).toMatch(/^ {3}6\. switch +point current at the release atomically/m);
  });

  it.each([
    [
      'unknown-role',
      (r: Record<string, unknown>) =>
        ((r.servers as object[])[0] = { host: 'localhost', transport: 'local', roles: ['ap'], primary: true }),
      'servers[0].roles[0]: unknown role "ap" (expected app, web, db)',
    ],
    [
      'no-primary',
      (r: Record<string, unknown>) =>
        ((r.servers as object[])[0] = { host: 'localhost', transport: 'local', roles: ['app', 'db'] }),
      'servers: no primary db: mark one db server (servers[0]) with primary: true',
    ],
    ['no-repository', (r: Record<string, unknown>) => delete r.repository, 'repository: is required'],
    [
      'bad-host',
      (r: Record<string, unknown>) =>
        ((r.servers as object[])[0] = { host: 'deploy@example.com:22', roles: ['app', 'db'], primary: true }),
      'servers[0].host: "deploy@example.com:22" is not a hostname or IP address',
    ],
    ['keep-zero', (r: Record<string, unknown>) => (r.keepReleases = 0), 'keepReleases: must be at least 1'],
  ])('refuses an invalid recipe (%s) before touching any host', async (name, change, message) => {
    const { file, deployTo } = recipeFile(name, change);
    const result = await deploy('--config', file, 'setup');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`deploy: recipe ${file}: ${message}`);
    expect(existsSync(deployTo)).toBe(false);
  });

  it('--dry-run prints the commands and creates nothing', async () => {
    const { file, deployTo } = recipeFile('dry');
    const result = await deploy('--config', file, '--dry-run', 'setup');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`[localhost] would run: mkdir -p ${deployTo} ${deployTo}/releases`);
    expect(existsSync(deployTo)).toBe(false);
  });

  it('says what to do when there is no recipe or no such task', async () => {
    const missing = await deploy('--config', path.join(dir, 'nowhere.ts'), 'deploy');
    expect(missing.stderr).toMatch(/no recipe at .*nowhere\.ts: write one with npm run deploy -- init --config/);
    mkdirSync(path.join(dir, 'ok'), { recursive: true });
    const { file } = recipeFile('ok');
    const unknown = await deploy('--config', file, 'deplyo');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('unknown task "deplyo" (see: npm run deploy -- tasks)');
  });
});
