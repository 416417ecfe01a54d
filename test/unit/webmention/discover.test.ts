import { describe, expect, it } from 'vitest';
import { endpointIn, fromLinkHeader } from '#app/webmention/discover.ts';
import { linkTargets } from '#app/webmention/links.ts';

// The parsing half of endpoint discovery and link finding; the fetching
// half runs against real servers in test/request/webmentions/sending.test.ts.

const page = (html: string, headers: Record<string, string> = {}, url = 'https://site.example/posts/1') => ({
  url,
  headers: new Headers({ 'content-type': 'text/html; charset=utf-8', ...headers }),
  text: () => html,
});

describe('fromLinkHeader', () => {
  it.each([
    ['<https://e.example/wm>; rel="webmention"', 'https://e.example/wm'],
    ['<https://e.example/wm>; rel=webmention', 'https://e.example/wm'],
    ['<https://e.example/wm>; rel="webmention somethingelse"', 'https://e.example/wm'],
    [
      '<https://e.example/a,b>; rel="other", <https://e.example/wm?x=1,2>; rel="webmention"',
      'https://e.example/wm?x=1,2',
    ],
    ['<https://e.example/wm>; title="a; b, c"; REL="WebMention"', 'https://e.example/wm'],
    [
      '<https://e.example/first>; rel="webmention", <https://e.example/second>; rel="webmention"',
      'https://e.example/first',
    ],
  ])('%s → %s', (header, endpoint) => {
    expect(fromLinkHeader(header)).toBe(endpoint);
  });

  it.each([
    [null],
    [''],
    ['<https://e.example/wm>; rel="webmentions"'],
    ['<https://e.example/wm>; rel="http://webmention.org/"'],
  ])('finds none in %s', (header) => {
    expect(fromLinkHeader(header)).toBeUndefined();
  });
});

describe('endpointIn', () => {
  it('prefers the header, then the first <link> or <a> in document order, resolved against the final URL', () => {
    const html = '<a rel="webmention" href="/from-a"></a><link rel="webmention" href="from-link">';
    expect(endpointIn(page(html, { link: '</from-header>; rel="webmention"' }))).toBe(
      'https://site.example/from-header',
    );
    expect(endpointIn(page(html))).toBe('https://site.example/from-a');
    expect(endpointIn(page('<link rel="webmention" href="wm?token=a&amp;b=1#frag">'))).toBe(
      'https://site.example/posts/wm?token=a&b=1',
    );
  });

  it('reads an empty href as the page itself, and skips an element without one', () => {
    expect(endpointIn(page('<link rel="webmention" href="">'))).toBe('https://site.example/posts/1');
    expect(endpointIn(page('<link rel="webmention"><a rel="webmention" href="/a">x</a>'))).toBe(
      'https://site.example/a',
    );
  });

  it('ignores comments, escaped markup, non-HTML bodies and non-http endpoints', () => {
    expect(
      endpointIn(page('<!-- <link rel="webmention" href="/c"> -->&lt;a rel="webmention" href="/e"&gt;')),
    ).toBeUndefined();
    expect(endpointIn(page('<link rel="webmention" href="/x">', { 'content-type': 'text/plain' }))).toBeUndefined();
    expect(endpointIn(page('<link rel="webmention" href="javascript:alert(1)">'))).toBeUndefined();
  });
});

describe('linkTargets', () => {
  it('lists absolute http(s) links once, without fragments, leaving out the blog itself and other schemes', () => {
    const html =
      '<p><a href="https://b.example/x#one">1</a> <a href="https://b.example/x#two">2</a> <a href="/local">3</a>' +
      '<a href="http://blog.example/2026/01/01/mine">4</a> <a href="mailto:a@b.example">5</a> <a href="HTTP://C.example">6</a></p>';
    expect(linkTargets(html, 'http://blog.example')).toEqual(['https://b.example/x', 'http://c.example/']);
  });
});
