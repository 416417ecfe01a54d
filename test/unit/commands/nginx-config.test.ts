import { describe, it, expect } from 'vitest';
import { renderWebServerConfig, type SiteOptions } from '#app/commands/config-web-server.ts';
import { balancerHosts } from '#app/commands/balancer-option.ts';
import { slotAddresses } from '#app/server/pool/address.ts';
import { cacheFileFor } from '#app/page-cache/paths.ts';

const site: SiteOptions = {
  serverName: 'blog.example.com',
  baseUrl: 'https://blog.example.com',
  appRoot: '/srv/folio/current',
  cacheRoot: '/srv/folio/shared/data/cache',
  workers: slotAddresses({ kind: 'tcp', host: '127.0.0.1', port: 9000 }, 3),
};
const tls = { cert: '/etc/ssl/blog.pem', key: '/etc/ssl/blog.key' };

/** The map's regexes, as nginx's PCRE reads them, with what each one's match becomes. */
async function cacheMap(): Promise<Array<{ pattern: RegExp; file: string }>> {
  const config = await renderWebServerConfig('nginx', site);
  const map = /map "\$request_method\$is_args\$uri" \$\w+ \{\n([\s\S]*?)\n\}/.exec(config)?.[1] ?? '';
  return [...map.matchAll(/^\s*"~(.*)" (\S+);$/gm)].map(([, pattern, file]) => ({
    // (?i:…) is PCRE's; JavaScript has no inline flags, so spell the prefixes' case out.
    pattern: new RegExp(
      pattern!.replace(
        /\(\?i:([^)]*)\)/,
        (_, words: string) => `(?:${words.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`)})`,
      ),
    ),
    file: file!,
  }));
}

/** What the generated map picks for a request: the cache file, or null. */
function pick(map: Array<{ pattern: RegExp; file: string }>, method: string, url: string): string | null {
  const [uri, query] = url.split('?');
  const key = `${method}${query === undefined ? '' : '?'}${uri}`;
  for (const { pattern, file } of map) {
    const match = pattern.exec(key);
    if (match) return file.replace('$1', match[1] ?? '').slice(1);
  }
  return null;
}

describe('the generated nginx config', () => {
  it('picks the cache file exactly as app/page-cache/paths.ts does, for GET and HEAD without a query only', async () => {
    const map = await cacheMap();
    expect(map).toHaveLength(3);
    for (const url of [
      '/',
      '/2024/03/02/slug',
      '/tag/ruby/page/2',
      '/tag/ruby.rss',
      '/articles.atom',
      '/sitemap.xml',
      '/index',
      '/Index',
      '/admin',
      '/Admin/sign-in',
      '/search',
      '/searching',
      '/uploads/a.xml',
      '/system.xml',
      '/tag/.hidden',
      '/a/b.html',
      '/a/b.tmp',
      '/with space',
    ]) {
      expect(pick(map, 'GET', url), url).toBe(cacheFileFor(url));
      expect(pick(map, 'HEAD', url), url).toBe(cacheFileFor(url));
    }
    for (const [method, url] of [
      ['GET', '/?a=1'],
      ['GET', '/tag/ruby?'],
      ['POST', '/tag/ruby'],
      ['PUT', '/'],
    ])
      expect(pick(map, method!, url!), `${method} ${url}`).toBeNull();
  });

  it('serves the page cache, then public/, then the workers, with the types and headers of cached pages', async () => {
    const config = await renderWebServerConfig('nginx', site);
    expect(config).toContain('root "/srv/folio/current/public";');
    expect(config).toMatch(
      /location \/ \{\n\s*root "\/srv\/folio\/shared\/data\/cache";\n\s*try_files \$folio_blog_example_com_cached @public;/,
    );
    expect(config).toMatch(/location @public \{\n\s*try_files \$uri @workers;/);
    expect(config).toContain('"application/rss+xml; charset=utf-8" rss;');
    expect(config).toContain('add_header X-Frame-Options "SAMEORIGIN" always;');
    expect(config).toContain('location ~ "/\\.|\\.tmp$" {\n        deny all;');
    expect(config).toContain('client_max_body_size 16777216;');
    for (const line of [
      'server_tokens off;',
      'error_page 503 /system/maintenance.html;',
      'error_page 502 504 /502.html;',
    ])
      expect(config).toContain(line);
    expect(config).toMatch(/listen 80;\n\s*listen \[::\]:80;/);
  });

  it('sends the Webmention Link header with cached pages, not feeds, while the page cache marks webmentions on', async () => {
    const config = await renderWebServerConfig('nginx', site);
    const map = /map "\$(\w+)_webmentions\$\w+_cached" \$(\w+) \{\n([\s\S]*?)\n\}/.exec(config);
    expect(map?.[3]).toContain('"~^on.*\\.html$" "<https://blog.example.com/webmention>; rel=\\"webmention\\"";');
    expect(config).toContain('if (-f "/srv/folio/shared/data/cache/.webmentions-on") {');
    const cacheLocation = config.slice(config.indexOf('location / {'), config.indexOf('location @public {'));
    expect(cacheLocation).toContain(`add_header Link $${map?.[2]};`);
  });

  it('sends every worker of the pool in one upstream, each tried again at once, the request to the next on failure', async () => {
    const config = await renderWebServerConfig('nginx', site);
    expect(config).toMatch(
      /upstream folio_blog_example_com_workers \{\n\s*server 127\.0\.0\.1:9000 max_fails=0;\n\s*server 127\.0\.0\.1:9001 max_fails=0;\n\s*server 127\.0\.0\.1:9002 max_fails=0;\n\}/,
    );
    expect(config).toContain('fastcgi_pass folio_blog_example_com_workers;');
    expect(config).toContain('fastcgi_next_upstream error timeout;');
    expect(config).not.toMatch(/^\s*(keepalive|fastcgi_keep_conn)/m);
    for (const param of [
      'REQUEST_URI $request_uri',
      'REMOTE_ADDR $remote_addr',
      'HTTPS $https if_not_empty',
      'HTTP_PROXY ""',
    ])
      expect(config).toContain(`fastcgi_param ${param};`);
    const sockets = await renderWebServerConfig('nginx', {
      ...site,
      workers: slotAddresses({ kind: 'unix-dir', dir: '/run/folio' }, 2),
    });
    expect(sockets).toContain('server unix:/run/folio/folio-1.sock max_fails=0;');
    expect(sockets).toContain('# Workers: npm run workers -- start --count 2 --socket-dir /run/folio');
  });

  it('serves TLS with a redirect from port 80 and HSTS on every answer, once', async () => {
    const config = await renderWebServerConfig('nginx', { ...site, tls, bind: '192.0.2.7' });
    expect(config).toMatch(
      /server \{\n\s*listen 192\.0\.2\.7:80;\n\s*server_name blog\.example\.com;[\s\S]*return 301 https:\/\/blog\.example\.com\$request_uri;/,
    );
    expect(config).toContain('listen 192.0.2.7:443 ssl;');
    expect(config).toContain('ssl_certificate "/etc/ssl/blog.pem";');
    expect(config).toContain('upgrade-insecure-requests');
    // Server level, the cache's location, and the workers' (whose own header is hidden).
    expect(config.match(/add_header Strict-Transport-Security "max-age=31536000" always;/g)).toHaveLength(3);
    expect(config).toContain('fastcgi_hide_header Strict-Transport-Security;');
  });

  it('takes an https: BASE_URL as TLS ending in front, and tells the workers HTTPS=on', async () => {
    const config = await renderWebServerConfig('nginx', { ...site, declaredTls: true });
    expect(config).toContain('fastcgi_param HTTPS on;');
    expect(config).toContain('Strict-Transport-Security');
    expect(config).toContain('listen 80;');
    const plain = await renderWebServerConfig('nginx', site);
    expect(plain).not.toContain('Strict-Transport-Security');
    expect(plain).not.toContain('upgrade-insecure-requests');
  });
});

describe('the generated configs with --balancer', () => {
  const balanced: SiteOptions = {
    ...site,
    workers: balancerHosts('10.0.0.2:9000,10.0.0.3:9000', 2).flat(),
    balanced: true,
  };

  it("nginx: one upstream of both hosts' workers, a failed one left out for 5 s", async () => {
    const config = await renderWebServerConfig('nginx', balanced);
    for (const address of ['10.0.0.2:9000', '10.0.0.2:9001', '10.0.0.3:9000', '10.0.0.3:9001'])
      expect(config).toContain(`server ${address} max_fails=1 fail_timeout=5s;`);
    expect(config).toContain('fastcgi_connect_timeout 2s;');
    expect(config).toContain(
      '# Workers (on their app host): npm run workers -- start --count 2 --listen 10.0.0.2:9000',
    );
    expect(config).toContain(
      '# Workers (on their app host): npm run workers -- start --count 2 --listen 10.0.0.3:9000',
    );
    // The page cache is still this host's own.
    expect(config).toContain('root "/srv/folio/shared/data/cache";');
  });

  it("Apache: one balancer of both hosts' workers, a failed one left out for 5 s, a dead host given up on in 2 s", async () => {
    const config = await renderWebServerConfig('apache', balanced);
    for (const address of ['10.0.0.2:9000', '10.0.0.2:9001', '10.0.0.3:9000', '10.0.0.3:9001'])
      expect(config).toContain(`BalancerMember "fcgi://${address}/" retry=5 connectiontimeout=2 enablereuse=on`);
    expect(config).toContain('ProxySet lbmethod=byrequests maxattempts=7');
    expect(config).toContain('RewriteCond "/srv/folio/shared/data/cache/index.html" -f');
    expect(config).toContain(
      '# Workers (on their app host): npm run workers -- start --count 2 --listen 10.0.0.3:9000',
    );
  });

  it("lighttpd: every host's worker in fastcgi.server", async () => {
    const config = await renderWebServerConfig('lighttpd', balanced);
    expect(config).toContain('"folio-3" => ( "host" => "10.0.0.3", "port" => 9001, "check-local" => "disable" )');
  });
});
