import { describe, it, expect } from 'vitest';
import { renderWebServerConfig, type SiteOptions } from '#app/commands/config-web-server.ts';
import { slotAddresses } from '#app/server/pool/address.ts';
import { apacheCacheHitFormat, nginxCacheHitFormat } from '#app/monitor/cache-hits/log-format.ts';

const site: SiteOptions = {
  serverName: 'blog.example.com',
  baseUrl: 'https://blog.example.com',
  appRoot: '/srv/folio/current',
  cacheRoot: '/srv/folio/shared/data/cache',
  workers: slotAddresses({ kind: 'tcp', host: '127.0.0.1', port: 9000 }, 2),
  cacheHitLog: '/srv/folio/shared/data/log/cache-hits.log',
};

describe('the cache-hit log in the generated configs', () => {
  it('Apache: the three page-cache rules mark their request, and only marked requests are logged, without address', async () => {
    const config = await renderWebServerConfig('apache', site);
    expect(config).toContain(
      'CustomLog "/srv/folio/shared/data/log/cache-hits.log" "%{%Y-%m-%dT%H:%M:%S%z}t %>s \\"%r\\" \\"%{Referer}i\\"" env=folio_cache_hit',
    );
    expect(config.match(/\[E=folio_cache_hit:1,L\]/g)).toHaveLength(3);
    for (const line of config.split('\n').filter((l) => l.includes('E=folio_cache_hit')))
      expect(line).toContain('/srv/folio/shared/data/cache');
    expect(apacheCacheHitFormat).not.toMatch(/%[ahl]|%\{[^}]*\}[ac]|Cookie/);
  });

  it("nginx: the cache's location logs to it beside the access log, in a format with no address", async () => {
    const config = await renderWebServerConfig('nginx', site);
    expect(config).toContain(`log_format folio_blog_example_com_cache_hits escape=default '${nginxCacheHitFormat}';`);
    const cacheLocation = /location \/ \{[\s\S]*?\n {4}\}/.exec(config)?.[0] ?? '';
    expect(cacheLocation).toContain(
      'access_log "/srv/folio/shared/data/log/cache-hits.log" folio_blog_example_com_cache_hits;',
    );
    expect(cacheLocation).toContain('access_log "/var/log/nginx/folio-access.log" combined;');
    expect(config.match(/cache-hits\.log/g)).toHaveLength(1);
    expect(nginxCacheHitFormat).not.toMatch(/remote|cookie|forwarded/i);
  });

  it('writes none without a log, and none for lighttpd', async () => {
    const { cacheHitLog: _, ...without } = site;
    for (const server of ['apache', 'nginx'] as const) {
      const config = await renderWebServerConfig(server, without);
      expect(config, server).not.toMatch(/cache.hit/i);
    }
    expect(await renderWebServerConfig('lighttpd', site)).not.toMatch(/cache.hit/i);
  });
});
