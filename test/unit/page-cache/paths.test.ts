import { describe, it, expect } from 'vitest';
import { cacheFileFor, contentTypeFor, htmlPathPattern, feedPathPattern } from '#app/page-cache/paths.ts';

describe('cache file paths', () => {
  it.each([
    ['/', 'index.html'],
    ['/page/2', 'page/2.html'],
    ['/2024/03/02/slug', '2024/03/02/slug.html'],
    ['/tag/ruby/page/2', 'tag/ruby/page/2.html'],
    ['/archives', 'archives.html'],
    ['/articles.atom', 'articles.atom'],
    ['/tag/ruby.rss', 'tag/ruby.rss'],
    ['/2024/03/02/slug.atom', '2024/03/02/slug.atom'],
    ['/sitemap.xml', 'sitemap.xml'],
  ])('maps %s to %s', (urlPath, file) => {
    expect(cacheFileFor(urlPath)).toBe(file);
  });

  it.each([
    '/tag/ruby/',
    '//x',
    '/.folio/index.sqlite',
    '/tag/.hidden',
    '/a/../b',
    '/tag/c%2B%2B',
    '/robots.txt',
    '/page.html',
    '/index',
    '/x.tmp',
    '/admin',
    '/admin/articles',
    '/Admin/sign-in',
    '/search',
    '/uploads/a.png',
    '/themes/default/assets/site.css',
    '/system/maintenance',
    `/${'a'.repeat(1100)}`,
  ])('never caches %s', (urlPath) => {
    expect(cacheFileFor(urlPath)).toBeNull();
  });

  it('gives each file the type it is served with', () => {
    expect(contentTypeFor('index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('tag/ruby.atom')).toBe('application/atom+xml; charset=utf-8');
    expect(contentTypeFor('articles.rss')).toBe('application/rss+xml; charset=utf-8');
    expect(contentTypeFor('sitemap.xml')).toBe('application/xml; charset=utf-8');
    expect(contentTypeFor('x.txt')).toBeUndefined();
  });

  it('shares its patterns with the web servers: no dot-segments, anchored', () => {
    for (const pattern of [htmlPathPattern, feedPathPattern]) {
      expect(pattern.startsWith('^') && pattern.endsWith('$')).toBe(true);
      expect(new RegExp(pattern).test('/a/.b.atom')).toBe(false);
    }
  });
});
