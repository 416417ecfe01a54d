import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import {
  RecordType,
  Role,
  ProtocolStatus,
  encodeRecord,
  encodeNameValuePairs,
  decodeNameValuePairs,
  decodeEndRequestBody,
} from '#app/server/fastcgi/index.ts';
import { apacheParams } from '#test/support/fastcgi-client.ts';
import { startHarness, type Harness } from '#test/unit/server/fastcgi/harness.ts';
import { waitFor } from '#test/support/wait-for.ts';

// The conversation with the web server: keep-conn, multiplexing, management
// records, roles, the overload guard and aborts.
describe('FastCGI connections', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ maxConcurrentRequests: 3 });
  });
  afterAll(() => h.stop());

  it('serves many sequential requests on one keep-conn connection, as Apache with enablereuse does', async () => {
    const client = await h.connect();
    for (let i = 0; i < 25; i++) {
      const res = await client.request({ params: apacheParams({ uri: `/hello?n=${i}` }) });
      expect(res.body.toString()).toBe(`hello ${i}`);
    }
    expect(client.isClosed).toBe(false);
    expect(h.server.activeRequests).toBe(0);
  });

  it('closes the connection after END_REQUEST when keep-conn is not set', async () => {
    const client = await h.connect();
    const res = await client.request({ params: apacheParams({ uri: '/hello?n=1' }), keepConn: false });
    expect(res.body.toString()).toBe('hello 1');
    expect(await client.closedWithin(9_000)).toBe(true);
  });

  it('serves multiplexed requests whose records interleave, each under its own id', async () => {
    const client = await h.connect();
    const ids = [5, 9, 2];
    const responses = ids.map((id) => client.response(id));
    for (const id of ids) client.begin(id);
    for (const id of ids)
      client.params(
        id,
        apacheParams({ method: 'POST', uri: `/wait?ms=${id * 10}&id=${id}`, contentType: 'text/plain' }),
      );
    for (const id of ids) client.stdin(id, `part1-${id},`);
    for (const id of ids) client.stdin(id, `part2-${id}`);
    for (const id of [...ids].reverse()) client.stdin(id, '');
    const bodies = (await Promise.all(responses)).map((res) => res.body.toString());
    expect(bodies).toEqual(ids.map((id) => `id=${id} body=part1-${id},part2-${id}`));
  });

  it('ends a request beyond maxConcurrentRequests with FCGI_OVERLOADED and serves the rest', async () => {
    const client = await h.connect();
    const ids = [1, 2, 3, 4];
    const responses = ids.map((id) => client.response(id));
    for (const id of ids) {
      client.begin(id);
      client.params(id, apacheParams({ uri: `/wait?ms=50&id=${id}` }));
      client.stdin(id, '');
    }
    const results = await Promise.all(responses);
    expect(results.map((r) => r.protocolStatus)).toEqual([0, 0, 0, ProtocolStatus.Overloaded]);
    expect(results[3]!.body.length).toBe(0);
    expect(h.logged(/request 4: overloaded/)).toBe(true);
    expect((await client.request({ id: 4, params: apacheParams({ uri: '/hello?n=4' }) })).body.toString()).toBe(
      'hello 4',
    );
  });

  it('answers GET_VALUES with the limits it enforces', async () => {
    const client = await h.connect();
    const query = encodeNameValuePairs([
      ['FCGI_MAX_CONNS', ''],
      ['FCGI_MAX_REQS', ''],
      ['FCGI_MPXS_CONNS', ''],
      ['UNKNOWN', ''],
    ]);
    client.send(encodeRecord(RecordType.GetValues, 0, query));
    const result = await client.nextRecord((r) => r.type === RecordType.GetValuesResult);
    expect(Object.fromEntries(decodeNameValuePairs(result.content))).toEqual({
      FCGI_MAX_CONNS: '1024',
      FCGI_MAX_REQS: String(1024 * 3),
      FCGI_MPXS_CONNS: '1',
    });
  });

  it('answers an unknown management record with FCGI_UNKNOWN_TYPE and goes on', async () => {
    const client = await h.connect();
    client.send(encodeRecord(42, 0, Buffer.from('whatever')));
    const reply = await client.nextRecord((r) => r.type === RecordType.UnknownType);
    expect(reply.requestId).toBe(0);
    expect(reply.content[0]).toBe(42);
    expect((await client.request({ params: apacheParams({ uri: '/hello?n=2' }) })).body.toString()).toBe('hello 2');
  });

  it('ends a non-responder role with FCGI_UNKNOWN_ROLE, ignoring its params and stdin', async () => {
    const client = await h.connect();
    const res = await client.request({ id: 3, role: Role.Authorizer, params: apacheParams(), body: 'ignored' });
    expect(res.protocolStatus).toBe(ProtocolStatus.UnknownRole);
    expect((await client.request({ id: 3, params: apacheParams({ uri: '/hello?n=3' }) })).body.toString()).toBe(
      'hello 3',
    );
  });

  it('on FCGI_ABORT_REQUEST lets the app see the abort, ends the request, and keeps the connection', async () => {
    const client = await h.connect();
    const done = client.response(1);
    client.begin(1);
    client.params(1, apacheParams({ method: 'POST', uri: '/hang', contentLength: 10 }));
    client.stdin(1, 'part');
    await waitFor(() => h.hanging.length === 1);
    client.send(encodeRecord(RecordType.AbortRequest, 1));
    client.stdin(1, 'rest!!');
    client.stdin(1, '');
    expect((await done).protocolStatus).toBe(ProtocolStatus.RequestComplete);
    const hung = h.hanging.shift()!;
    await hung.settled;
    expect(hung.events).toEqual(expect.arrayContaining(['req aborted', 'req close', 'res close']));
    expect(hung.events).not.toContain('res finish');
    expect((await client.request({ params: apacheParams({ uri: '/hello?n=after' }) })).body.toString()).toBe(
      'hello after',
    );
    expect(h.server.activeRequests).toBe(0);
  });

  it('when the web server hangs up mid-request the app sees the abort and the worker serves on', async () => {
    const client = await h.connect();
    client.begin(1);
    client.params(1, apacheParams({ uri: '/hang' }));
    client.stdin(1, '');
    await waitFor(() => h.hanging.length === 1);
    await client.close();
    const hung = h.hanging.shift()!;
    await hung.settled;
    expect(hung.events).toEqual(expect.arrayContaining(['req close', 'res close']));
    expect(hung.events).not.toContain('res finish');
    await waitFor(() => h.server.activeRequests === 0);
    const next = await h.connect();
    expect((await next.request({ params: apacheParams({ uri: '/hello?n=next' }) })).body.toString()).toBe('hello next');
  });

  it('ignores an ABORT_REQUEST that crosses its END_REQUEST', async () => {
    const client = await h.connect();
    await client.request({ params: apacheParams({ uri: '/hello?n=1' }) });
    client.send(encodeRecord(RecordType.AbortRequest, 1));
    expect((await client.request({ params: apacheParams({ uri: '/hello?n=2' }) })).body.toString()).toBe('hello 2');
  });

  it('holds END_REQUEST until STDIN has ended when the app answers before reading the body', async () => {
    const client = await h.connect();
    const done = client.response(1);
    client.begin(1);
    client.params(1, apacheParams({ method: 'POST', uri: '/hello?n=early', contentLength: 200_000 }));
    client.stdin(1, Buffer.alloc(100_000));
    const stdoutEnd = await client.nextRecord((r) => r.type === RecordType.Stdout && r.content.length === 0);
    expect(stdoutEnd.requestId).toBe(1);
    expect(client.records.some((r) => r.type === RecordType.EndRequest)).toBe(false);
    client.stdin(1, Buffer.alloc(100_000));
    client.stdin(1, '');
    expect((await done).body.toString()).toBe('hello early');
    expect(decodeEndRequestBody(client.records.at(-1)!.content)).toEqual({ appStatus: 0, protocolStatus: 0 });
  });
});

describe('FastCGI connection limits', () => {
  it('closes after maxRequestsPerConnection, and closes idle connections', async () => {
    const h = await startHarness({ maxRequestsPerConnection: 3, idleTimeoutMs: 200, maxConcurrentRequests: 1 });
    const busy = await h.connect();
    for (let i = 0; i < 3; i++) await busy.request({ params: apacheParams({ uri: `/hello?n=${i}` }) });
    expect(await busy.closedWithin(9_000)).toBe(true);

    const idle = await h.connect();
    idle.send(encodeRecord(RecordType.GetValues, 0, encodeNameValuePairs([['FCGI_MPXS_CONNS', '']])));
    const values = await idle.nextRecord((r) => r.type === RecordType.GetValuesResult);
    expect(decodeNameValuePairs(values.content)).toEqual([['FCGI_MPXS_CONNS', '0']]);
    expect(await idle.closedWithin(9_000)).toBe(true);
    expect(h.logged(/idle for 200 ms/)).toBe(true);
    await h.stop();
  });
});
