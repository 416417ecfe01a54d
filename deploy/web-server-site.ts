/**
 * The web server site a host with the web role gets, resolved from the
 * recipe's webServer settings (recipe, then stage, then server; the later
 * wins): Apache or lighttpd defaults for the site file and the commands
 * that check, reload, enable and disable it.
 */
import { RecipeError } from '#deploy/recipe-error.ts';
import type { ParsedServer, ParsedWebServer } from '#deploy/recipe-schema.ts';

/** The web server site of one host; every command is a full argv (`sudo -n` in front when asked). */
export interface WebServerConfig {
  readonly kind: 'apache' | 'lighttpd';
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
  if (!spec.kind) throw new RecipeError(`${field}.kind`, 'is required ("apache" or "lighttpd")');
  if (at.workersHttp)
    throw new RecipeError(field, 'the generated site speaks FastCGI to the workers: remove workers.http');
  const serverName = spec.serverName ?? hostOf(at.env.BASE_URL);
  if (!serverName) throw new RecipeError(`${field}.serverName`, "give the site's host name, or set BASE_URL in env");
  const apache = spec.kind === 'apache';
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
    siteFile:
      spec.siteFile ??
      (apache
        ? `/etc/apache2/sites-available/${application}.conf`
        : `/etc/lighttpd/conf-enabled/50-${application}.conf`),
    check: Object.freeze(
      sudo(
        spec.check ?? (apache ? ['apachectl', 'configtest'] : ['lighttpd', '-tt', '-f', '/etc/lighttpd/lighttpd.conf']),
      ),
    ),
    reload: Object.freeze(
      sudo(spec.reload ?? (apache ? ['apachectl', 'graceful'] : ['systemctl', 'reload', 'lighttpd'])),
    ),
    enable: Object.freeze(sudo(spec.enable ?? (apache ? ['a2ensite', application] : []))),
    disable: Object.freeze(sudo(spec.disable ?? (apache ? ['a2dissite', application] : []))),
    sudo: spec.sudo ?? false,
  });
}

function hostOf(url: string | undefined): string | undefined {
  try {
    return url ? new URL(url).hostname || undefined : undefined;
  } catch {
    return undefined;
  }
}
