/**
 * The web server site a host with the web role gets, resolved from the
 * recipe's webServer settings (recipe, then stage, then server; the later
 * wins): Apache, nginx or lighttpd defaults for the site file and the
 * commands that check, reload, enable and disable it.
 */
import { RecipeError } from '#deploy/recipe-error.ts';
import type { ParsedServer, ParsedWebServer } from '#deploy/recipe-schema.ts';

/** The web server site of one host; every command is a full argv (`sudo -n` in front when asked). */
export interface WebServerConfig {
  readonly kind: 'apache' | 'lighttpd' | 'nginx';
  readonly serverName: string;
  readonly port: number | undefined;
  readonly tls: { readonly cert: string; readonly key: string } | undefined;
  readonly siteFile: string;
  readonly check: readonly string[];
  readonly reload: readonly string[];
  /** Empty: no such step. */
  readonly enable: readonly string[];
  readonly disable: readonly string[];
  /** The site file is written through `sudo -n`. */
  readonly sudo: boolean;
}

export function webServerConfig(
  server: ParsedServer,
  levels: (ParsedWebServer | undefined)[],
  at: { application: string; env: Record<string, string>; workersHttp: boolean; field: string },
): WebServerConfig | undefined {
  const { field, application } = at;
  if (server.webServer && !server.roles.includes('web'))
    throw new RecipeError(field, 'only a server with the web role gets a site: add "web" to its roles');
  if (!server.roles.includes('web') || levels.every((level) => !level)) return undefined;
  const spec = Object.assign({}, ...levels) as ParsedWebServer;
  if (!spec.kind) throw new RecipeError(`${field}.kind`, 'is required ("apache", "nginx" or "lighttpd")');
  if (at.workersHttp)
    throw new RecipeError(field, 'the generated site speaks FastCGI to the workers: remove workers.http');
  const serverName = spec.serverName ?? hostOf(at.env.BASE_URL);
  if (!serverName) throw new RecipeError(`${field}.serverName`, "give the site's host name, or set BASE_URL in env");
  const defaults = siteDefaults[spec.kind](application);
  // sudo never prompts in a deploy: `-n` makes it fail at once when it would need a password.
  const sudo = (argv: readonly string[]) =>
    argv[0] === 'sudo'
      ? ['sudo', '-n', ...argv.slice(argv[1] === '-n' ? 2 : 1)]
      : spec.sudo && argv.length
        ? ['sudo', '-n', ...argv]
        : [...argv];
  return Object.freeze({
    kind: spec.kind,
    serverName,
    port: spec.port,
    tls: spec.tls && Object.freeze({ ...spec.tls }),
    siteFile: spec.siteFile ?? defaults.siteFile,
    check: Object.freeze(sudo(spec.check ?? defaults.check)),
    reload: Object.freeze(sudo(spec.reload ?? defaults.reload)),
    enable: Object.freeze(sudo(spec.enable ?? defaults.enable)),
    disable: Object.freeze(sudo(spec.disable ?? defaults.disable)),
    sudo: spec.sudo ?? false,
  });
}

/** Each server's Debian layout: where a site goes, and the commands that check, reload, enable and disable it. */
const siteDefaults: Record<
  WebServerConfig['kind'],
  (application: string) => Pick<WebServerConfig, 'siteFile' | 'check' | 'reload' | 'enable' | 'disable'>
> = {
  apache: (application) => ({
    siteFile: `/etc/apache2/sites-available/${application}.conf`,
    check: ['apachectl', 'configtest'],
    reload: ['apachectl', 'graceful'],
    enable: ['a2ensite', application],
    disable: ['a2dissite', application],
  }),
  // conf.d/ is read by Debian's nginx.conf as it is: nothing to enable. A reload is graceful.
  nginx: (application) => ({
    siteFile: `/etc/nginx/conf.d/${application}.conf`,
    check: ['nginx', '-t'],
    reload: ['systemctl', 'reload', 'nginx'],
    enable: [],
    disable: [],
  }),
  lighttpd: (application) => ({
    siteFile: `/etc/lighttpd/conf-enabled/50-${application}.conf`,
    check: ['lighttpd', '-tt', '-f', '/etc/lighttpd/lighttpd.conf'],
    reload: ['systemctl', 'reload', 'lighttpd'],
    enable: [],
    disable: [],
  }),
};

function hostOf(url: string | undefined): string | undefined {
  try {
    return url ? new URL(url).hostname || undefined : undefined;
  } catch {
    return undefined;
  }
}
