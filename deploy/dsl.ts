/**
 * The recipe language: what `config/deploy.ts` is written in. A recipe is
 * a plain typed object (`defineRecipe`), checked by `configuration.ts`
 * before any host is touched; `before`/`after` attach a small described
 * function to any task or deploy phase, and `task` adds a task of your own.
 */

export const roles = ['app', 'web', 'db'] as const;
/** `app` runs the workers, `web` serves the maintenance page, `db` (the primary one) runs migrations. */
export type Role = (typeof roles)[number];

export interface Recipe {
  /** A short name, used in the lock file and the starter page. */
  application: string;
  /** A git URL (cloned on each host) or a path to a local git checkout (streamed to each host as a tarball). */
  repository: string;
  /** Default `main`. */
  branch?: string;
  /** Absolute path on each host: releases/, shared/ and the `current` symlink live here. */
  deployTo: string;
  /** How many releases to keep on each host (the live one is always kept). Default 5. */
  keepReleases?: number;
  servers?: ServerSpec[];
  /** Release path → path under shared/, linked into every release. Default: data → data, public/system → system. */
  sharedPaths?: Record<string, string>;
  /** Environment for the app on every host (FOLIO_DATA_DIR, NODE_ENV=production are filled in). */
  env?: Record<string, string>;
  workers?: WorkerSpec;
  healthCheck?: HealthCheckSpec;
  /** The web server site the deploy installs on `web` hosts (`web:config`). */
  webServer?: WebServerSpec;
  ssh?: SshSpec;
  /** Where `deploy -- backup` keeps backups (and `restore` finds them). */
  backup?: BackupSpec;
  /** Per-stage overrides (`--stage NAME`), e.g. production and staging. */
  stages?: Record<string, StageSpec>;
  /** The stage used when --stage is not given. Default: production. */
  defaultStage?: string;
  /** `check` fails a host with less free space under deployTo. Default 1024. */
  minFreeDiskMb?: number;
  hooks?: Hook[];
  tasks?: CustomTask[];
}

export interface ServerSpec {
  /** A hostname or IP address (no user@, no :port: use `user` and `port`). */
  host: string;
  port?: number;
  user?: string;
  roles: Role[];
  /** Marks the one db server that runs migrations. */
  primary?: boolean;
  /** How this host is shown; default host, or host:port off port 22. */
  name?: string;
  /** `local` deploys to a directory on this machine through the same tasks. Default ssh. */
  transport?: 'ssh' | 'local';
  /** Overrides for this host only. */
  deployTo?: string;
  env?: Record<string, string>;
  workers?: WorkerSpec;
  webServer?: WebServerSpec;
}

export interface StageSpec {
  servers?: ServerSpec[];
  branch?: string;
  deployTo?: string;
  env?: Record<string, string>;
  workers?: WorkerSpec;
  healthCheck?: HealthCheckSpec;
  webServer?: WebServerSpec;
  backup?: BackupSpec;
}

/**
 * The backup host: `deploy -- backup` copies each run there with rsync over
 * ssh, as <path>/<UTC time>/<host>/, and keeps the newest `keep`.
 */
export interface BackupSpec {
  /** A hostname or IP address, reached with the recipe's ssh settings. */
  host: string;
  port?: number;
  user?: string;
  /** Absolute path on the backup host. */
  path: string;
  /** How many backups to keep. Default 7. */
  keep?: number;
  /** `local`: a directory on the machine that runs the deploy tool. Default ssh. */
  transport?: 'ssh' | 'local';
}

/** How `npm run workers -- start` is called on app hosts. */
export interface WorkerSpec {
  /** Default 2. */
  count?: number;
  /** HOST:PORT of the first worker (the rest take the next ports). Default 127.0.0.1:9000. */
  listen?: string;
  /** Unix sockets in this directory instead of TCP ports. */
  socketDir?: string;
  /** Plain HTTP workers instead of FastCGI. */
  http?: boolean;
  /** Seconds a worker gets to finish its requests when stopped. Default 30. */
  drainTimeout?: number;
}

export interface HealthCheckSpec {
  /**
   * Fetched from each app host itself after the restart, besides asking every
   * worker directly (which always happens): e.g. the web server's own address.
   */
  url?: string;
  /** What `url` must answer. Default 200. */
  expectStatus?: number;
  /** Seconds the checks may take to be answered (a busy host renders its first pages slowly). Default 120. */
  timeout?: number;
}

/**
 * The site `npm run config:<kind>` generates, installed on web hosts: written
 * only when it changed, then enabled, checked and reloaded; a failed check
 * puts the previous site back. Commands are argv lists.
 */
export interface WebServerSpec {
  /** Required (at some level: top, stage or server). */
  kind?: 'apache' | 'nginx' | 'lighttpd';
  /** Default: BASE_URL's host. */
  serverName?: string;
  /** Default 80, or 443 with tls. */
  port?: number;
  tls?: { cert: string; key: string };
  /** Default /etc/apache2/sites-available/<application>.conf, /etc/nginx/conf.d/<application>.conf, or /etc/lighttpd/conf-enabled/50-<application>.conf. */
  siteFile?: string;
  /** Default ['apachectl', 'configtest'], ['nginx', '-t'], or ['lighttpd', '-tt', '-f', '/etc/lighttpd/lighttpd.conf']. */
  check?: string[];
  /** Default ['apachectl', 'graceful'], ['systemctl', 'reload', 'nginx'], or ['systemctl', 'reload', 'lighttpd']. */
  reload?: string[];
  /** Run when the site is installed; default ['a2ensite', <application>] (nginx, lighttpd: none). [] for none. */
  enable?: string[];
  /** Run when a first install is taken back; default ['a2dissite', <application>] (nginx, lighttpd: none). */
  disable?: string[];
  /** Write the site and run the commands through `sudo -n` (the deploy user is not root). */
  sudo?: boolean;
}

export interface SshSpec {
  /** A private key; default: ssh's own choice (agent, ~/.ssh/id_*). */
  identityFile?: string;
  /** The known_hosts file host keys are checked against; default ~/.ssh/known_hosts. */
  knownHosts?: string;
  /** Seconds; default 10. */
  connectTimeout?: number;
}

/** What a hook or custom task gets: one host, and a way to run a command there. */
export interface HookContext {
  readonly host: {
    readonly name: string;
    readonly host: string;
    readonly port: number;
    readonly roles: readonly Role[];
    readonly primary: boolean;
  };
  readonly stage: string;
  /** The task running (a phase hook runs in deploy, rollback and restart alike). */
  readonly task: string;
  readonly dryRun: boolean;
  readonly deployTo: string;
  /** The release being deployed (during deploy phases), else the live one. */
  readonly releasePath: string;
  readonly currentPath: string;
  readonly sharedPath: string;
  /** Runs argv (each word quoted) on the host, in `cwd` (default releasePath) with the app's environment; resolves with stdout. `sudo` runs as `sudo -n`: it fails rather than prompt. */
  readonly run: (argv: readonly string[], options?: { cwd?: string }) => Promise<string>;
}

export type HookFunction = (context: HookContext) => void | Promise<void>;

export interface Hook {
  readonly kind: 'hook';
  readonly when: 'before' | 'after';
  /** A task (`deploy`, `setup`, …) or a deploy phase (`deploy:install`, `deploy:switch`, …). */
  readonly task: string;
  readonly description: string;
  readonly run: HookFunction;
}

export interface CustomTask {
  readonly kind: 'task';
  readonly name: string;
  readonly description: string;
  /** The hosts it runs on; default every host. */
  readonly roles: readonly Role[];
  readonly run: HookFunction;
}

/** Gives a recipe its type; the checking happens when it is loaded. */
export function defineRecipe(recipe: Recipe): Recipe {
  return recipe;
}

/** Runs `run` on each host before `task` does; throwing fails the task there. */
export function before(task: string, description: string, run: HookFunction): Hook {
  return Object.freeze({ kind: 'hook', when: 'before', task, description, run });
}

/** Runs `run` on each host after `task` has; throwing fails the task there (and a deploy rolls back). */
export function after(task: string, description: string, run: HookFunction): Hook {
  return Object.freeze({ kind: 'hook', when: 'after', task, description, run });
}

/** A task of your own, listed by `deploy -- tasks`, run on the hosts with `roles`. */
export function task(
  name: string,
  description: string,
  run: HookFunction,
  options: { roles?: Role[] } = {},
): CustomTask {
  return Object.freeze({ kind: 'task', name, description, roles: options.roles ?? [...roles], run });
}
