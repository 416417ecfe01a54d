import { describe, it, expect } from 'vitest';
import { parseCacheHitLine } from '#app/monitor/cache-hits/log-line.ts';

describe('a line of the cache-hit log', () => {
  it("reads Apache's line: status, method, path without its query, Referer", () => {
    expect(
      parseCacheHitLine(
        '2025-03-02T10:15:00+0100 200 "GET /2025/03/01/hello?x=1 HTTP/1.1" "https://news.example/item?id=1"',
      ),
    ).toEqual({ status: 200, method: 'GET', path: '/2025/03/01/hello', referer: 'https://news.example/item?id=1' });
  });

  it("reads nginx's line, and a missing Referer as none", () => {
    expect(parseCacheHitLine('2025-03-02T10:15:00+01:00 304 "HEAD / HTTP/2.0" "-"')).toEqual({
      status: 304,
      method: 'HEAD',
      path: '/',
      referer: null,
    });
  });

  it('unescapes quotes and backslashes the way each server escapes them, and bytes as UTF-8', () => {
    const apache = parseCacheHitLine(String.raw`t 200 "GET /a HTTP/1.1" "https://x.example/?q=\"a b\"\\c"`);
    expect(apache?.referer).toBe('https://x.example/?q="a b"\\c');
    const nginx = parseCacheHitLine(String.raw`t 200 "GET /a HTTP/1.1" "https://x.example/?q=\x22a\x5C\xC3\xA9"`);
    expect(nginx?.referer).toBe('https://x.example/?q="a\\é');
    // A quote inside the request line does not end it.
    expect(parseCacheHitLine(String.raw`t 200 "GET /a\" \"b HTTP/1.1" "-"`)).toBeNull();
    expect(parseCacheHitLine(String.raw`t 200 "GET /a\"b HTTP/1.1" "-"`)?.path).toBe('/a"b');
  });

  it('skips anything else: garbage, a combined-format line, a cut line, an escape no server writes', () => {
    for (const line of [
      '',
      'garbage',
      '127.0.0.1 - - [02/Mar/2025:10:15:00 +0100] "GET / HTTP/1.1" 200 512 "-" "curl"',
      't 200 "GET / HTTP/1.1" "https://x.exam',
      't 200 "GET / HTTP/1.1"',
      't 200 "GET / HTTP/1.1" "-" trailing',
      't 999 "GET / HTTP/1.1" "-"',
      't 200 "GET * HTTP/1.1" "-"',
      't 200 "get / HTTP/1.1" "-"',
      't 200 "GET /" "-"',
      String.raw`t 200 "GET /\q HTTP/1.1" "-"`,
      String.raw`t 200 "GET /\xZZ HTTP/1.1" "-"`,
    ])
      expect(parseCacheHitLine(line), line).toBeNull();
  });
});
