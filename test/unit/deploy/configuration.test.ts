import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
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

const resolve = (recipe: unknown, stage?: string) =>
  resolveConfiguration(recipe, { stage, knownTasks: hookableNames(), baseDir: '/project' });

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
    expect(
      problem(withServers([{ host: 'a.example.com', roles: ['app', 'wbe' as 'web', 'db'], primary: true }])),
    ).toEqual({
      field: 'servers[0].roles[1]',
      message: 'servers[0].roles[1]: unknown role "wbe" (expected app, web, db)',
    });
  });

  it('no primary db', () => {
    expect(
      problem(
        withServers([
          { host: 'a.example.com', roles: ['app', 'db'] },
          { host: 'b.example.com', roles: ['db'] },
        ]),
      ).message,
    ).toBe('servers: no primary db: mark one db server (servers[0], servers[1]) with primary: true');
  });

  it('no db server at all, or two primaries', () => {
    expect(problem(withServers([{ host: 'a.example.com', roles: ['app'] }])).message).toMatch(
      /^servers: no server has the db role/,
    );
    expect(
      problem(
        withServers([
          { host: 'a.example.com', roles: ['db'], primary: true },
          { host: 'b.example.com', roles: ['db'], primary: true },
        ]),
      ).field,
    ).toBe('servers[1].primary');
  });

  it('several app hosts on one PostgreSQL database without one SESSION_SECRET', () => {
    const database = { DATABASE_URL: 'postgresql://folio@db.example.com/folio' };
    const servers: Recipe['servers'] = [
      { host: 'app1.example.com', roles: ['app', 'db'], primary: true },
      { host: 'app2.example.com', roles: ['app'] },
    ];
    const recipe = (secrets: (string | undefined)[]) => ({
      ...valid,
      env: database,
      servers: servers.map((server, i) => ({ ...server, env: secrets[i] ? { SESSION_SECRET: secrets[i] } : {} })),
    });
    expect(problem(recipe([undefined, undefined])).message).toMatch(
      /^servers: 2 app hosts share a PostgreSQL DATABASE_URL, .* give them one SESSION_SECRET/,
    );
    expect(problem(recipe(['a'.repeat(32), 'b'.repeat(32)])).field).toBe('servers');
    expect(() => resolve(recipe(['a'.repeat(32), 'a'.repeat(32)]))).not.toThrow();
    expect(() => resolve({ ...valid, env: { ...database, SESSION_SECRET: 'c'.repeat(32) } })).not.toThrow();
  });

  it('a missing repository', () => {
    const { repository: _, ...recipe } = valid;
    expect(problem(recipe)).toEqual({ field: 'repository', message: 'repository: is required' });
  });

  it.each(['deploy@blog.example.com', 'blog.example.com:22', 'blog example', '-oProxyCommand=x', ''])(
    'bad host syntax: %j',
    (host) => {
      expect(problem(withServers([{ host, roles: ['app', 'db'], primary: true }])).field).toBe('servers[0].host');
    },
  );

  it('keepReleases below 1', () => {
    expect(problem({ ...valid, keepReleases: 0 })).toEqual({
      field: 'keepReleases',
      message: 'keepReleases: must be at least 1',
    });
  });

  it('a misspelt setting, a relative deployTo, an unknown stage, a hook on a task that does not exist', () => {
    expect(problem({ ...valid, keepRelease: 3 }).message).toBe('keepRelease: is not a recipe setting (misspelt?)');
    expect(problem({ ...valid, deployTo: 'www/blog' }).field).toBe('deployTo');
    expect(problem({ ...valid, stages: { production: {} } }, 'stagin').message).toBe(
      'stage: no stage "stagin" in stages (production)',
    );
    expect(problem({ ...valid, hooks: [after('deploy:instal', 'x', () => {})] }).message).toMatch(
      /^hooks\[0\]: after "deploy:instal": no such task or phase/,
    );
  });

  it('a health check URL that is not http(s)', () => {
    expect(problem({ ...valid, healthCheck: { url: 'ftp://127.0.0.1/' } }).message).toMatch(
      /^healthCheck\.url: expected an http\(s\) URL/,
    );
  });
});

describe('a valid recipe', () => {
  it('resolves with defaults filled in', () => {
    const config = resolve(valid);
    expect(config).toMatchObject({
      stage: 'production',
      branch: 'main',
      keepReleases: 5,
      repository: { kind: 'git', url: 'git@example.com:me/blog.git' },
    });
    expect(config.sharedPaths).toEqual([
      { release: 'data', shared: 'data' },
      { release: 'public/system', shared: 'system' },
    ]);
    const [one, two] = config.hosts;
    expect(one).toMatchObject({ name: 'one.example.com', port: 22, user: 'deploy', primary: true, transport: 'ssh' });
    expect(one!.env).toEqual({ NODE_ENV: 'production', FOLIO_DATA_DIR: '/var/www/blog/shared/data' });
    expect(one!.healthUrls).toEqual([]); // the workers themselves are always asked
    expect(resolve({ ...valid, workers: {}, healthCheck: { url: 'http://127.0.0.1/' } }).hosts[0]!.healthUrls).toEqual([
      'http://127.0.0.1/',
    ]);
    expect(two).toMatchObject({ name: '10.0.0.2:2222', port: 2222, primary: false, roles: ['app'] });
    expect(Object.isFrozen(config) && Object.isFrozen(config.hosts)).toBe(true);
  });

  it('applies a stage over the recipe, and a server over the stage', () => {
    const config = resolve(
      {
        ...valid,
        repository: '../blog',
        env: { BASE_URL: 'https://blog.example.com', A: 'recipe' },
        stages: {
          staging: { branch: 'next', deployTo: '/srv/staging', env: { BASE_URL: 'https://staging.example.com' } },
        },
        servers: [{ host: 'one.example.com', roles: ['app', 'db'], primary: true, env: { A: 'server' } }],
      },
      'staging',
    );
    expect(config).toMatchObject({ stage: 'staging', branch: 'next', repository: { kind: 'local', path: '/blog' } });
    expect(config.hosts[0]!.env).toEqual({
      NODE_ENV: 'production',
      FOLIO_DATA_DIR: '/srv/staging/shared/data',
      BASE_URL: 'https://staging.example.com',
      A: 'server',
    });
  });
});

describe('webServer: the site web:config installs on web hosts', () => {
  const fastcgi = {
    ...valid,
    workers: { listen: '127.0.0.1:9000', count: 2 },
    healthCheck: { url: 'http://127.0.0.1/' },
    env: { BASE_URL: 'https://blog.example.com' },
  };

  it('apache defaults: the site in sites-available, a2ensite, configtest, graceful; the server name from BASE_URL; web hosts only', () => {
    const [web, app] = resolve({ ...fastcgi, webServer: { kind: 'apache' } }).hosts;
    expect(web!.webServer).toEqual({
      kind: 'apache',
      serverName: 'blog.example.com',
      port: undefined,
      tls: undefined,
      siteFile: '/etc/apache2/sites-available/blog.conf',
      check: ['apachectl', 'configtest'],
      reload: ['apachectl', 'graceful'],
      enable: ['a2ensite', 'blog'],
      disable: ['a2dissite', 'blog'],
      sudo: false,
    });
    expect(app!.webServer).toBeUndefined();
  });

  it('lighttpd defaults, sudo -n in front of every command, and per-stage and per-server overrides', () => {
    const recipe = {
      ...fastcgi,
      webServer: { kind: 'lighttpd', sudo: true },
      stages: { production: { webServer: { port: 8080 } } },
      servers: [
        {
          host: 'one.example.com',
          roles: ['app', 'web', 'db'],
          primary: true,
          webServer: { serverName: 'one.example.com', reload: ['sudo', 'service', 'lighttpd', 'reload'] },
        },
      ],
    };
    expect(resolve(recipe).hosts[0]!.webServer).toMatchObject({
      kind: 'lighttpd',
      serverName: 'one.example.com',
      port: 8080,
      siteFile: '/etc/lighttpd/conf-enabled/50-blog.conf',
      check: ['sudo', '-n', 'lighttpd', '-tt', '-f', '/etc/lighttpd/lighttpd.conf'],
      reload: ['sudo', '-n', 'service', 'lighttpd', 'reload'],
      enable: [],
      sudo: true,
    });
  });

  it('nginx defaults: a conf.d/ site, nothing to enable, `nginx -t`, a graceful reload', () => {
    expect(resolve({ ...fastcgi, webServer: { kind: 'nginx' } }).hosts[0]!.webServer).toMatchObject({
      kind: 'nginx',
      siteFile: '/etc/nginx/conf.d/blog.conf',
      check: ['nginx', '-t'],
      reload: ['systemctl', 'reload', 'nginx'],
      enable: [],
      disable: [],
    });
  });

  it.each([
    [{ webServer: { kind: 'caddy' } }, 'webServer.kind: expected "apache", "nginx" or "lighttpd"'],
    [{ webServer: { port: 80 } }, 'webServer.kind: is required ("apache", "nginx" or "lighttpd")'],
    [
      { webServer: { kind: 'apache', siteFile: 'sites/folio.conf' } },
      'webServer.siteFile: must be an absolute path, got "sites/folio.conf"',
    ],
    [
      { webServer: { kind: 'apache', check: 'apachectl configtest' } },
      'webServer.check: expected a command as a list of words, e.g. ["apachectl", "graceful"], got "apachectl configtest"',
    ],
    [{ webServer: { kind: 'apache', reload: [] } }, 'webServer.reload: give a command'],
    [{ webServer: { kind: 'apache', tls: { cert: '/etc/cert.pem' } } }, 'webServer.tls.key: is required'],
    [{ webServer: { kind: 'apache', realod: ['x'] } }, 'webServer.realod: is not a recipe setting (misspelt?)'],
    [
      { webServer: { kind: 'apache' }, env: {} },
      "webServer.serverName: give the site's host name, or set BASE_URL in env",
    ],
    [
      { webServer: { kind: 'apache' }, workers: { http: true } },
      'webServer: the generated site speaks FastCGI to the workers: remove workers.http',
    ],
  ])('refuses %j', (change, message) => {
    expect(problem({ ...fastcgi, ...change }).message).toBe(message);
  });

  it('a server-level site on a host without the web role', () => {
    const servers = [{ host: 'one.example.com', roles: ['app', 'db'], primary: true, webServer: { kind: 'apache' } }];
    expect(problem({ ...fastcgi, servers })).toEqual({
      field: 'servers[0].webServer',
      message: 'servers[0].webServer: only a server with the web role gets a site: add "web" to its roles',
    });
  });
});

describe('the shipped recipe', () => {
  it('is what init writes, and is valid as it stands, hooks included', () => {
    const shipped = readFileSync(new URL('../../../config/deploy.ts', import.meta.url), 'utf8');
    expect(readFileSync(new URL('../../../deploy/templates/recipe.ts.template', import.meta.url), 'utf8')).toBe(
      shipped,
    );
    expect(shipped).not.toMatch(/deploy:(link|sweep)\b/); // phases that no longer exist
  });

  it('resolves: the web host gets its site, and the health check asks it besides the workers', async () => {
    const { default: recipe } = await import('#config/deploy.ts');
    const config = resolve(recipe);
    expect(config.hosts[0]!.webServer).toMatchObject({
      kind: 'apache',
      serverName: 'blog.example.com',
      sudo: true,
      check: ['sudo', '-n', 'apachectl', 'configtest'],
    });
    expect(config.hosts[0]!.healthUrls).toEqual(['http://127.0.0.1/']);
    expect(config.hooks.map((hook) => `${hook.when} ${hook.task}`)).toEqual(['after deploy:install']);
  });
});
