import { describe, it, expect } from 'vitest';
import { nextHop, redirectTarget, type Hop } from '#app/net/redirects.ts';
import { OutboundRefused } from '#app/net/refusal.ts';

const post: Hop = {
  url: new URL('https://blog.test/webmention?x=1'),
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: 'Bearer t', Accept: 'text/html' },
  body: 'source=a&target=b',
};

describe('redirectTarget', () => {
  const from = new URL('https://blog.test/a/b');

  it('resolves a relative Location against the URL that answered', () => {
    expect(redirectTarget(302, '../c?d=1', from)?.href).toBe('https://blog.test/c?d=1');
    expect(redirectTarget(301, '//other.test/x', from)?.href).toBe('https://other.test/x');
  });

  it('is null for statuses that are not redirects and for redirects without a Location', () => {
    expect(redirectTarget(200, '/x', from)).toBeNull();
    expect(redirectTarget(304, '/x', from)).toBeNull();
    expect(redirectTarget(300, '/x', from)).toBeNull();
    expect(redirectTarget(302, undefined, from)).toBeNull();
    expect(redirectTarget(302, '', from)).toBeNull();
  });

  it('refuses a Location that is no URL', () => {
    expect(() => redirectTarget(302, 'http://[nope', from)).toThrow(OutboundRefused);
  });
});

describe('nextHop', () => {
  it.each([301, 302, 303])('turns a POST into a GET without its body or body headers after %i', (status) => {
    const next = nextHop(post, status, new URL('https://blog.test/done'));
    expect(next).toMatchObject({ method: 'GET', body: undefined });
    expect(next.headers).toEqual({ Authorization: 'Bearer t', Accept: 'text/html' });
  });

  it.each([307, 308])('repeats the POST as it was after %i', (status) => {
    const next = nextHop(post, status, new URL('https://blog.test/again'));
    expect(next).toEqual({ ...post, url: new URL('https://blog.test/again') });
  });

  it('keeps HEAD a HEAD after a 303', () => {
    expect(nextHop({ ...post, method: 'HEAD', body: undefined }, 303, new URL('https://blog.test/')).method).toBe(
      'HEAD',
    );
  });

  it('drops credentials when the redirect leaves the origin (scheme, host or port)', () => {
    for (const target of ['http://blog.test/x', 'https://other.test/x', 'https://blog.test:8443/x']) {
      const next = nextHop({ ...post, headers: { ...post.headers, Cookie: 'a=b' } }, 307, new URL(target));
      expect(next.headers).toEqual({ 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' });
    }
  });
});
