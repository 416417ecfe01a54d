import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import { RecordType, encodeRecord, encodeNameValuePairs, decodeEndRequestBody } from '#app/server/fastcgi/index.ts';
import { apacheParams, type FastcgiClient } from '#test/support/fastcgi-client.ts';
import { startHarness, type Harness } from '#test/unit/server/fastcgi/harness.ts';
import { waitFor } from '#test/support/wait-for.ts';

// Whatever a client sends, the worker survives: a bad connection is closed
// with a logged reason, a bad request gets an answer, others are unaffected.
describe('FastCGI input that goes wrong', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ maxParamsBytes: 4096, maxBodyBytes: 64 * 1024, requestTimeoutMs: 300 });
  });
  beforeEach(() => {
    h.logs.length = 0;
  });
  afterAll(() => h.stop());

  const malformed: Array<[string, (client: FastcgiClient) => void, RegExp]> = [
    [
      'a record with version 2',
      (c) => c.send(Buffer.from([2, 1, 0, 1, 0, 8, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0])),
      /unsupported FastCGI version 2/,
    ],
    [
      'garbage bytes',
      (c) => c.send(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')),
      /unsupported FastCGI version 71/,
    ],
    ['PARAMS before BEGIN_REQUEST', (c) => c.params(1, apacheParams()), /PARAMS for unknown request id 1/],
    ['STDIN for an unknown request id', (c) => c.stdin(7, 'x'), /STDIN for unknown request id 7/],
    [
      'STDIN before the params end',
      (c) => {
        c.begin(1);
        c.send(encodeRecord(RecordType.Params, 1, encodeNameValuePairs({ A: 'b' })));
        c.stdin(1, 'x');
      },
      /STDIN before the end of the params/,
    ],
    [
      'a duplicate BEGIN_REQUEST',
      (c) => {
        c.begin(1);
        c.begin(1);
      },
      /duplicate BEGIN_REQUEST for active request id 1/,
    ],
    [
      'params over maxParamsBytes',
      (c) => {
        c.begin(1);
        c.params(1, { HTTP_X_BIG: 'x'.repeat(5000) });
      },
      /exceed maxParamsBytes \(4096\)/,
    ],
    [
      'truncated name-value pairs',
      (c) => {
        c.begin(1);
        c.send(encodeRecord(RecordType.Params, 1, Buffer.from([9, 9, 65])), encodeRecord(RecordType.Params, 1));
      },
      /malformed params of request 1/,
    ],
    [
      'a short BEGIN_REQUEST body',
      (c) => c.send(encodeRecord(RecordType.BeginRequest, 1, Buffer.alloc(3))),
      /BEGIN_REQUEST body is 3 bytes/,
    ],
    [
      'a STDOUT record from the web server',
      (c) => c.send(encodeRecord(RecordType.Stdout, 1, Buffer.from('x'))),
      /unexpected record type 6/,
    ],
  ];
  for (const [what, send, reason] of malformed) {
    it(`closes only the connection that sent ${what}, with a logged reason`, async () => {
      const other = await h.connect();
      const bad = await h.connect();
      send(bad);
      expect(await bad.closedWithin(9_000)).toBe(true);
      expect(h.logged(reason)).toBe(true);
      expect((await other.request({ params: apacheParams({ uri: '/hello?n=ok' }) })).body.toString()).toBe('hello ok');
      await other.close();
    });
  }

  it('closes a connection whose request does not finish its params and stdin in time', async () => {
    const client = await h.connect();
    client.begin(1);
    client.params(1, apacheParams({ method: 'POST', uri: '/echo', contentLength: 10 }));
    client.stdin(1, 'only5');
    expect(await client.closedWithin(9_000)).toBe(true);
    expect(h.logged(/request 1 timed out: PARAMS and STDIN not complete within 300 ms/)).toBe(true);
  });

  it('answers 413 and closes when the body passes maxBodyBytes, declared or not', async () => {
    const declared = await h.connect();
    const res = await declared.request({
      params: apacheParams({ method: 'POST', uri: '/echo', contentLength: 100_000 }),
      body: 'x',
    });
    expect(res.status).toBe(413);
    expect(await declared.closedWithin(9_000)).toBe(true);

    const chunked = await h.connect();
    const done = chunked.response(1);
    chunked.begin(1);
    chunked.params(1, apacheParams({ method: 'POST', uri: '/echo', contentType: 'application/octet-stream' }));
    for (let i = 0; i < 3; i++) chunked.stdin(1, Buffer.alloc(30_000));
    expect((await done).status).toBe(413);
    expect(await chunked.closedWithin(9_000)).toBe(true);
    expect(h.logged(/body exceeds maxBodyBytes \(65536\)/)).toBe(true);
  });

  it('answers 400 for a method Node does not know, and keeps the connection', async () => {
    const client = await h.connect();
    const res = await client.request({ params: apacheParams({ method: 'BREW', uri: '/pot' }) });
    expect(res.status).toBe(400);
    expect(h.logged(/Node refused the request/)).toBe(true);
    expect((await client.request({ params: apacheParams({ uri: '/hello?n=1' }) })).body.toString()).toBe('hello 1');
  });

  it('answers 400 without calling the app when a header param would inject a header', async () => {
    const client = await h.connect();
    const res = await client.request({
      params: apacheParams({ uri: '/hello', headers: { 'x-evil': 'a\r\nx-injected: 1' } }),
    });
    expect(res.status).toBe(400);
    expect(h.logged(/invalid header param HTTP_X_EVIL/)).toBe(true);
  });

  it('answers 502 and reports failure (appStatus 1) when STDIN ends short of CONTENT_LENGTH, never an END_REQUEST alone', async () => {
    // Apache's balancer sends a request again this way after a worker died reading it; mod_proxy_fcgi
    // would turn an END_REQUEST without a head into an empty 200.
    const client = await h.connect();
    const res = await client.request({
      params: apacheParams({ method: 'POST', uri: '/echo', contentType: 'text/plain', contentLength: 10 }),
      body: 'four',
    });
    expect(res.status).toBe(502);
    expect(res.appStatus).toBe(1);
    expect(h.logged(/STDIN ended after 4 of 10 bytes/)).toBe(true);
  });

  it('turns a handler that throws into a 500 and keeps serving', async () => {
    const client = await h.connect();
    expect((await client.request({ params: apacheParams({ uri: '/throw' }) })).status).toBe(500);
    expect(h.logged(/request handler threw/)).toBe(true);
    expect((await client.request({ params: apacheParams({ uri: '/hello?n=1' }) })).status).toBe(200);
  });
});

describe('FastCGI request backpressure', () => {
  it('stops reading the connection while the app is not reading the body', async () => {
    const h = await startHarness();
    const client = await h.connect();
    const body = Buffer.alloc(8 * 1024 * 1024, 1);
    const res = await client.request({
      params: apacheParams({ method: 'POST', uri: '/slow-reader', contentLength: body.length }),
      body: Array.from({ length: 16 }, (_, i) => body.subarray(i * 512 * 1024, (i + 1) * 512 * 1024)),
    });
    const { buffered, length } = JSON.parse(res.body.toString()) as { buffered: number; length: number };
    expect(length).toBe(body.length);
    expect(buffered).toBeLessThan(1024 * 1024);
    expect(decodeEndRequestBody(client.records.at(-1)!.content).appStatus).toBe(0);
    await waitFor(() => h.server.activeRequests === 0);
    await h.stop();
  });
});
