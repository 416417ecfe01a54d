/**
 * A recipe, checked and resolved for one stage into the frozen
 * `Configuration` every task works from. Checking happens before any host
 * is touched; the first problem stops everything with a message that
 * names the field (`servers[1].roles[0]: unknown role "wbe" …`).
 */
import os from 'node:os';
import path from 'node:path';
import type { CustomTask, Hook, Recipe, Role } from '#deploy/dsl.ts';
import {
  fieldName,
  recipeSchema,
  type ParsedHealthCheck,
  type ParsedServer,
  type ParsedWorkers,
} from '#deploy/recipe-schema.ts';
import { RecipeError } from '#deploy/recipe-error.ts';
import { webServerConfig, type WebServerConfig } from '#deploy/web-server-site.ts';
import { backupConfig, type BackupConfig } from '#deploy/backup-config.ts';

export { defaultBackupKeep, type BackupConfig } from '#deploy/backup-config.ts';

export { RecipeError, type WebServerConfig };

export type Repository =
  { readonly kind: 'git'; readonly url: string } | { readonly kind: 'local'; readonly path: string };

export interface WorkersConfig {
  readonly count: number;
  /** TCP base address, unless socketDir is set. */
  readonly listen: { readonly host: string; readonly port: number } | undefined;
  readonly socketDir: string | undefined;
  readonly http: boolean;
  readonly drainTimeout: number;
}

export interface HostConfig {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly user: string | undefined;
  readonly roles: readonly Role[];
  readonly primary: boolean;
  readonly transport: 'ssh' | 'local';
  readonly deployTo: string;
  /** The app's environment on this host, FOLIO_DATA_DIR and NODE_ENV included. */
  readonly env: Readonly<Record<string, string>>;
  readonly workers: WorkersConfig;
  /** What the health check fetches on this host (from the host itself) besides asking the workers. */
  readonly healthUrls: readonly string[];
  /** The site `web:config` installs: web hosts of a recipe with a webServer setting. */
  readonly webServer: WebServerConfig | undefined;
}

export interface Configuration {
  readonly application: string;
  readonly stage: string;
  readonly repository: Repository;
  readonly branch: string;
  readonly keepReleases: number;
  readonly sharedPaths: readonly { readonly release: string; readonly shared: string }[];
  readonly hosts: readonly HostConfig[];
  readonly ssh: {
    readonly identityFile: string | undefined;
    readonly knownHosts: string | undefined;
    readonly connectTimeout: number;
  };
  readonly healthCheck: { readonly expectStatus: number; readonly timeout: number };
  readonly minFreeDiskMb: number;
  readonly hooks: readonly Hook[];
  readonly tasks: readonly CustomTask[];
  /** Undefined when the recipe has no backup section. */
  readonly backup: BackupConfig | undefined;
}

/** Seconds the health check waits for the site: generous, since a busy host renders its first pages slowly. */
export const defaultHealthTimeout = 120;

export const defaultSharedPaths: Readonly<Record<string, string>> = Object.freeze({
  data: 'data',
  'public/system': 'system',
});

export interface ResolveOptions {
  /** `--stage`; default the recipe's defaultStage, else production. */
  stage?: string;
  /** Task and phase names hooks may attach to. */
  knownTasks: readonly string[];
  /** Where a relative local repository path starts from. Default process.cwd(). */
  baseDir?: string;
}

/** Checks `input` against the recipe rules and resolves it for one stage. Throws RecipeError. */
export function resolveConfiguration(input: unknown, options: ResolveOptions): Configuration {
  const parsed = recipeSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    if (issue.code === 'unrecognized_keys')
      throw new RecipeError(fieldName([...issue.path, issue.keys[0] ?? '']), 'is not a recipe setting (misspelt?)');
    throw new RecipeError(fieldName(issue.path), issue.message);
  }
  const recipe = parsed.data as typeof parsed.data & Pick<Recipe, 'hooks' | 'tasks'>;
  const baseDir = options.baseDir ?? process.cwd();
  const stageName = options.stage ?? recipe.defaultStage ?? 'production';
  const stage = recipe.stages?.[stageName];
  if (recipe.stages && !stage)
    throw new RecipeError('stage', `no stage "${stageName}" in stages (${Object.keys(recipe.stages).join(', ')})`);
  if (!recipe.stages && options.stage && options.stage !== stageName)
    throw new RecipeError('stage', `the recipe has no stages`);

  const serversField = stage?.servers ? `stages.${stageName}.servers` : 'servers';
  const servers = stage?.servers ?? recipe.servers ?? [];
  checkServers(servers, serversField);
  const deployTo = stage?.deployTo ?? recipe.deployTo;
  const health = { ...recipe.healthCheck, ...stage?.healthCheck };
  const sharedPaths = Object.entries(recipe.sharedPaths ?? defaultSharedPaths).map(([release, shared]) => ({
    release,
    shared,
  }));
  const tasks = (recipe.tasks ?? []) as CustomTask[];
  checkHooks(recipe.hooks ?? [], [...options.knownTasks, ...tasks.map((custom) => custom.name)]);

  const hosts = servers.map((server, index) => {
    const hostDeployTo = server.deployTo ?? deployTo;
    const workers = workersConfig(
      { ...recipe.workers, ...stage?.workers, ...server.workers },
      `${serversField}[${index}].workers`,
    );
    const env: Record<string, string> = {
      NODE_ENV: 'production',
      FOLIO_DATA_DIR: path.posix.join(hostDeployTo, 'shared', sharedDataDir(sharedPaths)),
      ...recipe.env,
      ...stage?.env,
      ...server.env,
    };
    const webServer = webServerConfig(server, [recipe.webServer, stage?.webServer, server.webServer], {
      application: recipe.application,
      env,
      workersHttp: workers.http,
      field: server.webServer
        ? `${serversField}[${index}].webServer`
        : stage?.webServer
          ? `stages.${stageName}.webServer`
          : 'webServer',
    });
    return Object.freeze({
      name: server.name ?? (server.port && server.port !== 22 ? `${server.host}:${server.port}` : server.host),
      host: server.host,
      port: server.port ?? 22,
      user: server.user,
      roles: Object.freeze([...new Set(server.roles)]),
      primary: server.primary ?? false,
      transport: server.transport ?? 'ssh',
      deployTo: hostDeployTo,
      env: Object.freeze(env),
      workers,
      healthUrls: Object.freeze(server.roles.includes('app') ? healthUrls(health, webServer) : []),
      webServer,
    });
  });
  sharedDatabaseNeedsSharedSecret(hosts, serversField);
  const names = new Set<string>();
  hosts.forEach((host, index) => {
    if (names.has(host.name))
      throw new RecipeError(`${serversField}[${index}]`, `two servers are both named "${host.name}"; give one a name`);
    names.add(host.name);
  });

  return Object.freeze({
    application: recipe.application,
    stage: stageName,
    repository: repository(recipe.repository, baseDir),
    branch: stage?.branch ?? recipe.branch ?? 'main',
    keepReleases: recipe.keepReleases ?? 5,
    sharedPaths: Object.freeze(sharedPaths),
    hosts: Object.freeze(hosts),
    ssh: Object.freeze({
      identityFile: recipe.ssh?.identityFile ? localPath(recipe.ssh.identityFile, baseDir) : undefined,
      knownHosts: recipe.ssh?.knownHosts ? localPath(recipe.ssh.knownHosts, baseDir) : undefined,
      connectTimeout: recipe.ssh?.connectTimeout ?? 10,
    }),
    healthCheck: Object.freeze({
      expectStatus: health.expectStatus ?? 200,
      timeout: health.timeout ?? defaultHealthTimeout,
    }),
    minFreeDiskMb: recipe.minFreeDiskMb ?? 1024,
    hooks: Object.freeze((recipe.hooks ?? []) as Hook[]),
    tasks: Object.freeze(tasks),
    backup: backupConfig(stage?.backup ?? recipe.backup),
  });
}

/**
 * App hosts that share one PostgreSQL database serve one blog: a session
 * cookie signed on one must be good on all, so they need one SESSION_SECRET
 * (without it each host generates its own in its data dir).
 */
function sharedDatabaseNeedsSharedSecret(hosts: readonly HostConfig[], serversField: string): void {
  const shared = hosts.filter(
    (host) => host.roles.includes('app') && /^postgres(ql)?:/i.test(host.env.DATABASE_URL ?? ''),
  );
  if (shared.length < 2) return;
  const secrets = new Set(shared.map((host) => host.env.SESSION_SECRET));
  if (secrets.has(undefined) || secrets.size > 1)
    throw new RecipeError(
      `${serversField}`,
      `${shared.length} app hosts share a PostgreSQL DATABASE_URL, so a reader or author may land on any of them: give them one SESSION_SECRET (env: { SESSION_SECRET: … }, at least 32 characters, kept out of the repository)`,
    );
}

function checkServers(servers: readonly ParsedServer[], field: string): void {
  if (servers.length === 0) throw new RecipeError(field, 'at least one server is needed');
  const db = servers.map((server, index) => ({ server, index })).filter(({ server }) => server.roles.includes('db'));
  servers.forEach((server, index) => {
    if (server.primary && !server.roles.includes('db'))
      throw new RecipeError(`${field}[${index}].primary`, 'only a server with the db role can be the primary db');
  });
  if (db.length === 0)
    throw new RecipeError(
      field,
      'no server has the db role; migrations run on the primary db: give one server roles: [..., "db"] and primary: true',
    );
  const primaries = db.filter(({ server }) => server.primary);
  if (primaries.length === 0)
    throw new RecipeError(
      field,
      `no primary db: mark one db server (${db.map(({ index }) => `${field}[${index}]`).join(', ')}) with primary: true`,
    );
  if (primaries.length > 1)
    throw new RecipeError(
      `${field}[${primaries[1]!.index}].primary`,
      `only one primary db is allowed (${field}[${primaries[0]!.index}] is primary already)`,
    );
}

function checkHooks(hooks: readonly Hook[], known: readonly string[]): void {
  hooks.forEach((hook, index) => {
    if (!known.includes(hook.task))
      throw new RecipeError(
        `hooks[${index}]`,
        `${hook.when} "${hook.task}": no such task or phase (see: npm run deploy -- tasks)`,
      );
  });
}

function workersConfig(spec: ParsedWorkers, field: string): WorkersConfig {
  if (spec.listen && spec.socketDir) throw new RecipeError(field, 'give listen or socketDir, not both');
  const [, host = '127.0.0.1', port = '9000'] = /^\[?(.*?)\]?:(\d+)$/.exec(spec.listen ?? '127.0.0.1:9000') ?? [];
  const count = spec.count ?? 2;
  if (Number(port) < 1 || Number(port) + count - 1 > 65535)
    throw new RecipeError(`${field}.listen`, `ports ${port}..${Number(port) + count - 1} are not all valid`);
  return Object.freeze({
    count,
    listen: spec.socketDir ? undefined : Object.freeze({ host, port: Number(port) }),
    socketDir: spec.socketDir,
    http: spec.http ?? false,
    drainTimeout: spec.drainTimeout ?? 30,
  });
}

/**
 * What the health check fetches on each app host besides asking the workers
 * themselves: the recipe's URL, else the host's own site (plain HTTP on the
 * loopback) when the deploy installs one, which proves the web server reaches
 * the new workers.
 */
function healthUrls(spec: ParsedHealthCheck, webServer: WebServerConfig | undefined): string[] {
  if (spec.url) return [spec.url];
  if (webServer && !webServer.tls) return [`http://127.0.0.1${webServer.port ? `:${webServer.port}` : ''}/`];
  return [];
}

/** The shared path the app's data dir is: the one linked as `data`, else `data`. */
function sharedDataDir(sharedPaths: readonly { release: string; shared: string }[]): string {
  return sharedPaths.find((entry) => entry.release === 'data')?.shared ?? 'data';
}

function repository(value: string, baseDir: string): Repository {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || /^[^/\s@]+@[^/\s:]+:/.test(value)) return { kind: 'git', url: value };
  return { kind: 'local', path: localPath(value, baseDir) };
}

/** `~/x` → the home dir's x; a relative path starts from `baseDir`. */
function localPath(file: string, baseDir: string): string {
  return file === '~' || file.startsWith('~/') ? path.join(os.homedir(), file.slice(1)) : path.resolve(baseDir, file);
}
