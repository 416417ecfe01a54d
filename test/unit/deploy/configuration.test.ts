import { describe, expect, it } from 'vitest';
import { resolveConfiguration, RecipeError } from '#deploy/configuration.ts';
import { after, defineRecipe, type Recipe } from '#deploy/dsl.ts';
import { hookableNames } from '#deploy/tasks/index.ts';

const valid = defineRecipe({
  application: 'blog',
  repository: 'git@example.com:me/blog.git',
  deployTo: '/var/www/blog',
  servers: [
    { host: 'one.example.com', user: 'deploy', roles: ['app', 'web', 'db'], primary: true },
    { host: '10.0.0.2', port: 2222, roles: ['app'] },
  ],
  workers: { http: true, listen: '127.0.0.1:9000', count: 2 },
});

const resolve = (recipe: unknown, stage?: string) => resolveConfiguration(recipe, { stage, knownTasks: hookableNames(), baseDir: '/project' });

function problem(recipe: unknown, stage?: string): { field: string; message: string } {
  try {
    resolve(recipe, stage);
  } catch (error) {
    if (error instanceof RecipeError) return { field: error.field, message: error.message };
    throw error;
  }
  throw new Error('the recipe was accepted');
}

const withServers = (servers: Recipe['servers']) => ({ ...valid, servers });

describe('an invalid recipe is refused with the field named', () => {
  it('an unknown role', () => {
    expect(problem(withServers([{ host: 'a.example.com', roles: ['app', 'wbe' as 'web', 'db'], primary: true }]))).toEqual({
      field: 'servers[0].roles[1]',
      message: 'servers[0].roles[1]: unknown role "wbe" (expected app, web, db)',
    });
  });

  it('no primary db', () => {
    expect(problem(withServers([{ host: 'a.example.com', roles: ['app', 'db'] }, { host: 'b.example.com', roles: ['db'] }])).message).toBe(
      'servers: no primary db: mark one db server (servers[0], servers[1]) with primary: true',
    );
  });

  it('no db server at all, or two primaries', () => {
    expect(problem(withServers([{ host: 'a.example.com', roles: ['app'] }])).message).toMatch(/^servers: no server has the db role/);
    expect(problem(withServers([{ host: 'a.example.com', roles: ['db'], primary: true }, { host: 'b.example.com', roles: ['db'], primary: true }])).field).toBe('servers[1].primary');
  });

  it('a missing repository', () => {
    const { repository: _, ...recipe } = valid;
    expect(problem(recipe)).toEqual({ field: 'repository', message: 'repository: is required' });
  });

  it.each(['deploy@blog.example.com', 'blog.example.com:22', 'blog example', '-oProxyCommand=x', ''])('bad host syntax: %j', (host) => {
    expect(problem(withServers([{ host, roles: ['app', 'db'], primary: true }])).field).toBe('servers[0].host');
  });

  it('keepReleases below 1', () => {
    expect(problem({ ...valid, keepReleases: 0 })).toEqual({ field: 'keepReleases', message: 'keepReleases: must be at least 1' });
  });

  it('a misspelt setting, a relative deployTo, an unknown stage, a hook on a task that does not exist', () => {
    expect(problem({ ...valid, keepRelease: 3 }).message).toBe('keepRelease: is not a recipe setting (misspelt?)');
    expect(problem({ ...valid, deployTo: 'www/blog' }).field).toBe('deployTo');
    expect(problem({ ...valid, stages: { production: {} } }, 'stagin').message).toBe('stage: no stage "stagin" in stages (production)');
    expect(problem({ ...valid, hooks: [after('deploy:instal', 'x', () => {})] }).message).toMatch(/^hooks\[0\]: after "deploy:instal": no such task or phase/);
  });

  it('a health check URL that is not http(s)', () => {
    expect(problem({ ...valid, healthCheck: { url: 'ftp://127.0.0.1/' } }).message).toMatch(/^healthCheck\.url: expected an http\(s\) URL/);
  });
});

describe('a valid recipe', () => {
  it('resolves with defaults filled in', () => {
    const config = resolve(valid);
    expect(config).toMatchObject({ stage: 'production', branch: 'main', keepReleases: 5, repository: { kind: 'git', url: 'git@example.com:me/blog.git' } });
    expect(config.sharedPaths).toEqual([{ release: 'data', shared: 'data' }, { release: 'public/system', shared: 'system' }]);
    const [one, two] = config.hosts;
    expect(one).toMatchObject({ name: 'one.example.com', port: 22, user: 'deploy', primary: true, transport: 'ssh' });
    expect(one!.env).toEqual({ NODE_ENV: 'production', FOLIO_DATA_DIR: '/var/www/blog/shared/data' });
    expect(one!.healthUrls).toEqual([]); // the workers themselves are always asked
    expect(resolve({ ...valid, workers: {}, healthCheck: { url: 'http://127.0.0.1/' } }).hosts[0]!.healthUrls).toEqual(['http://127.0.0.1/']);
    expect(two).toMatchObject({ name: '10.0.0.2:2222', port: 2222, primary: false, roles: ['app'] });
    expect(Object.isFrozen(config) && Object.isFrozen(config.hosts)).toBe(true);
  });

  it('applies a stage over the recipe, and a server over the stage', () => {
    const config = resolve(
      {
        ...valid,
        repository: '../blog',
        env: { BASE_URL: 'https://blog.example.com', A: 'recipe' },
        stages: { staging: { branch: 'next', deployTo: '/srv/staging', env: { BASE_URL: 'https://staging.example.com' } } },
        servers: [{ host: 'one.example.com', roles: ['app', 'db'], primary: true, env: { A: 'server' } }],
      },
      'staging',
    );
    expect(config).toMatchObject({ stage: 'staging', branch: 'next', repository: { kind: 'local', path: '/blog' } });
    expect(config.hosts[0]!.env).toEqual({ NODE_ENV: 'production', FOLIO_DATA_DIR: '/srv/staging/shared/data', BASE_URL: 'https://staging.example.com', A: 'server' });
  });
});
