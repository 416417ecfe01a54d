import { describe, it, expect } from 'vitest';
import { renderWebServerConfig, type SiteOptions } from '#app/commands/config-web-server.ts';
import { slotAddresses } from '#app/server/pool/address.ts';

const site: SiteOptions = {
  serverName: 'blog.example.com',
  baseUrl: 'https://blog.example.com',
  appRoot: '/srv/folio/current',
  cacheRoot: '/srv/folio/shared/data/cache',
  workers: slotAddresses({ kind: 'tcp', host: '127.0.0.1', port: 9000 }, 3),
};

describe('the generated Apache config', () => {
  it('balances every worker with retry=0 and reused connections, after maintenance and the page cache', async () => {
    const config = await renderWebServerConfig('apache', site);
    expect(config).toContain('<VirtualHost *:80>');
    expect(config).toContain('DocumentRoot "/srv/folio/current/public"');
    for (const port of [9000, 9001, 9002])
      expect(config).toContain(`BalancerMember "fcgi://127.0.0.1:${port}/" retry=0 enablereuse=on`);
    const order = [
      'system/maintenance.html -f',
      '/srv/folio/shared/data/cache/index.html',
      'balancer://folio-workers/$1 [P',
    ].map((text) => config.indexOf(text));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
    expect(config).toContain('AddType "application/rss+xml; charset=utf-8" .rss');
    expect(config).toContain('Options -Indexes');
    expect(config).toContain('Header always set X-Frame-Options "SAMEORIGIN"');
  });

  it('sends the Webmention Link header with cached pages, not feeds, while the page cache marks webmentions on', async () => {
    const config = await renderWebServerConfig('apache', site);
    expect(config).toMatch(
      /<Directory "\/srv\/folio\/shared\/data\/cache">[\s\S]*<FilesMatch "\\\.html\$">\n\s*Header set Link "<https:\/\/blog\.example\.com\/webmention>; rel=\\"webmention\\"" "expr=-f '\/srv\/folio\/shared\/data\/cache\/\.webmentions-on'"\n\s*<\/FilesMatch>\n\s*<\/Directory>/,
    );
  });

  it('shows the static "not saved, send it again" page for a request no worker could finish, and lets the app\'s own errors pass', async () => {
    const config = await renderWebServerConfig('apache', site);
    // A worker's 502 (a request that reached it incomplete) is replaced; its 503 (the comment form shown again) is not.
    expect(config).toMatch(/^\s*ProxyErrorOverride On 502$/m);
    expect(config).toContain('ErrorDocument 502 /502.html');
    expect(config).toContain('RewriteRule ^/system/maintenance\\.html$ /502.html [L]');
  });

  it('names unix-socket workers apart, and serves TLS with a redirect from port 80', async () => {
    const config = await renderWebServerConfig('apache', {
      ...site,
      workers: slotAddresses({ kind: 'unix-dir', dir: '/run/folio' }, 2),
      tls: { cert: '/etc/ssl/blog.pem', key: '/etc/ssl/blog.key' },
    });
    expect(config).toContain('BalancerMember "unix:/run/folio/folio-0.sock|fcgi://folio-0/"');
    expect(config).toContain('BalancerMember "unix:/run/folio/folio-1.sock|fcgi://folio-1/"');
    expect(config).toContain('<VirtualHost *:443>');
    expect(config).toContain('SSLCertificateFile "/etc/ssl/blog.pem"');
    expect(config).toMatch(
      /<VirtualHost \*:80>[\s\S]*RewriteRule \^ https:\/\/blog\.example\.com%\{REQUEST_URI\} \[R=301,L\]/,
    );
  });
});

describe('the TLS-only headers in the generated configs', () => {
  const tls = { cert: '/etc/ssl/blog.pem', key: '/etc/ssl/blog.key' };

  it('leaves HSTS and upgrade-insecure-requests out of a plain-HTTP site, and hides versions and TRACE', async () => {
    for (const server of ['apache', 'lighttpd'] as const) {
      const config = await renderWebServerConfig(server, site);
      expect(config, server).toContain('Content-Security-Policy');
      expect(config, server).not.toContain('upgrade-insecure-requests');
      expect(config, server).not.toContain('Strict-Transport-Security');
      expect(config, server).not.toContain('HTTPS');
    }
    const apache = await renderWebServerConfig('apache', site);
    for (const line of ['ServerTokens Prod', 'ServerSignature Off', 'TraceEnable Off']) expect(apache).toContain(line);
    expect(await renderWebServerConfig('lighttpd', site)).toContain('server.tag = ""');
  });

  it('sends both over TLS, HSTS on every Apache answer', async () => {
    const apache = await renderWebServerConfig('apache', { ...site, tls });
    expect(apache).toContain('upgrade-insecure-requests');
    expect(apache).toContain('Header always set Strict-Transport-Security "max-age=31536000"');
    expect(apache).not.toContain('SetEnv HTTPS');
    const lighttpd = await renderWebServerConfig('lighttpd', { ...site, tls });
    expect(lighttpd).toContain('upgrade-insecure-requests');
    expect(lighttpd).toContain('"Strict-Transport-Security" => "max-age=31536000"');
  });

  it('takes an https: BASE_URL as TLS ending in front, and tells the workers HTTPS=on', async () => {
    const apache = await renderWebServerConfig('apache', { ...site, declaredTls: true });
    expect(apache).toContain('<VirtualHost *:80>');
    expect(apache).toContain('SetEnv HTTPS on');
    expect(apache).toContain('Strict-Transport-Security');
    const lighttpd = await renderWebServerConfig('lighttpd', { ...site, declaredTls: true });
    expect(lighttpd).toContain('setenv.add-environment = ( "HTTPS" => "on" )');
    expect(lighttpd).toContain('upgrade-insecure-requests');
  });
});

describe('the generated lighttpd config', () => {
  it('balances round robin over every worker, after public files and the page cache', async () => {
    const config = await renderWebServerConfig('lighttpd', { ...site, port: 8080, bind: '127.0.0.1' });
    expect(config).toContain('$SERVER["socket"] == "127.0.0.1:8080"');
    expect(config).toContain('fastcgi.balance = "round-robin"');
    for (const [slot, port] of [
      [0, 9000],
      [1, 9001],
      [2, 9002],
    ])
      expect(config).toContain(
        `"folio-${slot}" => ( "host" => "127.0.0.1", "port" => ${port}, "check-local" => "disable" )`,
      );
    expect(config).toContain('alias.url = ( "/__folio_cache/" => "/srv/folio/shared/data/cache/" )');
    expect(config).toContain('".rss" => "application/rss+xml; charset=utf-8"');
  });
});
