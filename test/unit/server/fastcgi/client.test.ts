import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { fastcgiRequest, requestParams } from '#app/server/fastcgi/client.ts';
import { freePorts } from '#test/support/ports.ts';
import { startHarness, type Harness } from '#test/unit/server/fastcgi/harness.ts';
import { waitFor } from '#test/support/wait-for.ts';

// The production client (release:check asks each worker with it) against the real responder.
describe('fastcgiRequest', () => {
  let harness: Harness;
  beforeAll(async () => (harness = await startHarness()));
  afterAll(() => harness.stop());

  it('sends one request as a web server would and returns status, headers and body', async () => {
    const res = await fastcgiRequest(
      { host: '127.0.0.1', port: harness.port },
      requestParams({ uri: '/hello?n=7', host: 'blog.test' }),
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.body.toString()).toBe('hello 7');
    expect(res.protocolStatus).toBe(0);
  });

  it('waits for a slow answer, and stops waiting when its signal aborts', async () => {
    const res = await fastcgiRequest(
      { host: '127.0.0.1', port: harness.port },
      requestParams({ uri: '/wait?ms=300&id=1', host: 'blog.test' }),
    );
    expect(res.body.toString()).toBe('id=1 body=');
    const controller = new AbortController();
    const pending = fastcgiRequest(
      { host: '127.0.0.1', port: harness.port },
      requestParams({ uri: '/hang', host: 'blog.test' }),
      { signal: controller.signal },
    );
    await waitFor(() => harness.hanging.length === 1); // the app has the request and never answers
    controller.abort(new Error('deadline'));
    await expect(pending).rejects.toThrow('deadline');
    await harness.hanging[0]!.settled; // the connection was closed, so the app saw the request go
  });

  it('rejects when nothing listens', async () => {
    const port = await freePorts(1);
    await expect(
      fastcgiRequest({ host: '127.0.0.1', port }, requestParams({ uri: '/', host: 'blog.test' })),
    ).rejects.toThrow(/ECONNREFUSED/);
  });
});
