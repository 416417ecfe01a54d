import { describe, it, expect } from 'vitest';
import { planHttpRequest, requestTarget, socketFacts } from '#app/server/fastcgi/cgi-request.ts';
import { CgiResponseTranslator } from '#app/server/fastcgi/cgi-response.ts';

const params = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('CGI params → HTTP request', () => {
  it('prefers REQUEST_URI over mod_proxy_fcgi SCRIPT_NAME values', () => {
    expect(requestTarget(params({ REQUEST_URI: '/a?b=1', SCRIPT_NAME: 'proxy:fcgi://127.0.0.1:9000/a' }))).toBe(
      '/a?b=1',
    );
    expect(requestTarget(params({ SCRIPT_NAME: '/index', PATH_INFO: '/x', QUERY_STRING: 'q=1' }))).toBe('/index/x?q=1');
    expect(requestTarget(params({ SCRIPT_NAME: '/index', QUERY_STRING: '' }))).toBe('/index');
    expect(requestTarget(params({}))).toBe('/');
  });

  it('builds the head from HTTP_* params and drops hop-by-hop, framing and client-sent forwarding headers', () => {
    const result = planHttpRequest(
      params({
        REQUEST_METHOD: 'POST',
        REQUEST_URI: '/p',
        SERVER_PROTOCOL: 'HTTP/1.0',
        HTTP_ACCEPT_LANGUAGE: 'en',
        HTTP_X_FORWARDED_FOR: '198.51.100.1',
        HTTP_X_FORWARDED_PROTO: 'https',
        HTTP_FORWARDED: 'for=198.51.100.1;proto=https',
        HTTP_X_REAL_IP: '198.51.100.1',
        HTTP_CONNECTION: 'Upgrade',
        HTTP_UPGRADE: 'websocket',
        HTTP_TRANSFER_ENCODING: 'chunked',
        HTTP_CONTENT_LENGTH: '99',
        CONTENT_TYPE: 'text/plain',
        CONTENT_LENGTH: '4',
      }),
      false,
      100,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.plan.head.toString()).toBe(
      'POST /p HTTP/1.0\r\naccept-language: en\r\ncontent-type: text/plain\r\ncontent-length: 4\r\n\r\n',
    );
    expect(result.plan).toMatchObject({ framing: 'length', contentLength: 4 });
  });

  it('frames a body without CONTENT_LENGTH as chunked, and no body as none', () => {
    const chunked = planHttpRequest(params({ REQUEST_METHOD: 'PUT', REQUEST_URI: '/u' }), false, 100);
    expect(chunked.ok && chunked.plan.framing).toBe('chunked');
    expect(chunked.ok && chunked.plan.head.toString()).toContain('transfer-encoding: chunked');
    const none = planHttpRequest(params({ REQUEST_METHOD: 'GET', REQUEST_URI: '/' }), true, 100);
    expect(none.ok && none.plan.framing).toBe('none');
    expect(none.ok && none.plan.head.toString()).toBe('GET / HTTP/1.1\r\n\r\n');
  });

  it('refuses params that would smuggle a request line or header', () => {
    const bad: Array<Record<string, string>> = [
      { REQUEST_METHOD: 'GET /x HTTP/1.1\r\n', REQUEST_URI: '/' },
      { REQUEST_METHOD: 'GET', REQUEST_URI: '/a b' },
      { REQUEST_METHOD: 'GET', REQUEST_URI: '/', HTTP_X: 'a\r\nInjected: 1' },
      { REQUEST_METHOD: 'GET', REQUEST_URI: '/', 'HTTP_BAD:NAME': 'x' },
      { REQUEST_METHOD: 'POST', REQUEST_URI: '/', CONTENT_LENGTH: '-1' },
    ];
    for (const entries of bad)
      expect(planHttpRequest(params(entries), true, 100)).toMatchObject({ ok: false, status: 400 });
    expect(
      planHttpRequest(params({ REQUEST_METHOD: 'POST', REQUEST_URI: '/', CONTENT_LENGTH: '101' }), false, 100),
    ).toMatchObject({ ok: false, status: 413 });
  });

  it('reports REMOTE_ADDR and HTTPS on the socket, or the peer when the proxy is not trusted', () => {
    const p = params({
      REMOTE_ADDR: '203.0.113.9',
      REMOTE_PORT: '4000',
      HTTPS: 'on',
      SERVER_ADDR: '192.0.2.1',
      SERVER_PORT: '443',
    });
    const peer = { remoteAddress: '127.0.0.1', remotePort: 5555 };
    expect(socketFacts(p, peer, true)).toEqual({
      remoteAddress: '203.0.113.9',
      remotePort: 4000,
      localAddress: '192.0.2.1',
      localPort: 443,
      encrypted: true,
    });
    expect(socketFacts(p, peer, false)).toMatchObject({ remoteAddress: '127.0.0.1', remotePort: 5555 });
    expect(socketFacts(params({ HTTPS: 'off' }), peer, true).encrypted).toBe(false);
  });
});

describe('HTTP response → CGI response', () => {
  const translate = (...chunks: string[]) => {
    const translator = new CgiResponseTranslator();
    const out = chunks.flatMap((chunk) => translator.push(Buffer.from(chunk, 'latin1')));
    return { text: Buffer.concat(out).toString('latin1'), translator };
  };

  it('turns the status line into a Status header and strips hop-by-hop headers', () => {
    const { text } = translate(
      'HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nConnection: keep-alive, X-Hop\r\nKeep-Alive: timeout=5\r\nX-Hop: 1\r\nContent-Length: 2\r\n\r\nno',
    );
    expect(text).toBe('Status: 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nno');
  });

  it('decodes a chunked body split anywhere, dropping trailers', () => {
    const wire =
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n1;ext=1\r\n!\r\n0\r\nX-Trailer: t\r\n\r\n';
    for (let cut = 1; cut < wire.length; cut++) {
      const { text, translator } = translate(wire.slice(0, cut), wire.slice(cut));
      expect(text).toBe('Status: 200 OK\r\n\r\nhello!');
      expect(translator.bodyComplete).toBe(true);
    }
  });

  it('skips interim 1xx responses', () => {
    const { text, translator } = translate('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nLocation: /x\r\n\r\n');
    expect(text).toBe('Status: 201 Created\r\nLocation: /x\r\n\r\n');
    expect(translator.status).toBe(201);
  });

  it('throws on bytes that are not an HTTP response', () => {
    expect(() => translate('garbage\r\n\r\n')).toThrow(/status line/);
    expect(() => translate('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n')).toThrow(/chunk-size/);
  });
});
