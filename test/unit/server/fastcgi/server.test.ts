import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { once } from 'node:events';
import express from 'express';
import { createFastcgiServer, type FastcgiServer } from '#app/server/fastcgi/index.ts';
import { FastcgiClient, apacheParams, listenOnLoopback } from '#test/support/fastcgi-client.ts';

// The listener as the supervisor drives it: listen, status counters, graceful drain.
describe('the FastCGI server', () => {
  const cleanups: Array<() => Promise<unknown> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const start = async (options: Parameters<typeof createFastcgiServer>[1] = {}) => {
    const server = createFastcgiServer(slowApp(), options);
    const port = await listenOnLoopback(server);
    cleanups.push(() => new Promise((resolve) => (server.listening ? server.close(resolve) : resolve(undefined))));
    return { server: server as FastcgiServer & net.Server, port };
  };
  const connect = async (port: number) => {
    const client = await FastcgiClient.connect(port);
    cleanups.push(() => client.close());
    return client;
  };

  it('drains gracefully: the in-flight request completes, then the connection closes, then the callback runs', async () => {
    const { server, port } = await start();
    const busy = await connect(port);
    const idle = await connect(port);
    await idle.request({ params: apacheParams({ uri: '/slow?ms=0' }) });

    const response = busy.request({ params: apacheParams({ uri: '/slow?ms=150' }) });
    await until(() => server.activeRequests === 1);
    const order: string[] = [];
    const closed = new Promise<void>((resolve) =>
      server.close(() => {
        order.push('close callback');
        resolve();
      }),
    );
    void busy.closed.then(() => order.push('busy connection closed'));

    expect(await idle.closedWithin(9_000)).toBe(true);
    await expect(FastcgiClient.connect(port)).rejects.toThrow(/ECONNREFUSED/);
    const res = await response;
    order.push('response');
    expect(res.body.toString()).toBe('slept 150');
    await closed;
    expect(order).toEqual(['response', 'busy connection closed', 'close callback']);
    expect(server.activeRequests).toBe(0);
    expect(server.requestsServed).toBe(2);
  });

  it('closeIdleConnections() closes only connections with nothing in flight', async () => {
    const { server, port } = await start();
    const busy = await connect(port);
    const idle = await connect(port);
    const response = busy.request({ params: apacheParams({ uri: '/slow?ms=100' }) });
    await until(() => server.activeRequests === 1);
    server.closeIdleConnections();
    expect(await idle.closedWithin(9_000)).toBe(true);
    expect((await response).body.toString()).toBe('slept 100');
    expect(busy.isClosed).toBe(false);
  });

  it("emits 'listening' and 'close', and listens on a Unix socket path too", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'folio-fastcgi-sock-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const server = createFastcgiServer(slowApp());
    const socketPath = path.join(dir, 'worker.sock');
    const listening = once(server, 'listening');
    server.listen(socketPath);
    await listening;
    expect(server.address()).toBe(socketPath);
    const socket = net.connect(socketPath);
    await once(socket, 'connect');
    socket.destroy();
    const closeEvent = once(server, 'close');
    server.close();
    await closeEvent;
  });

  it('with trustProxy off reports the web server as the remote address', async () => {
    const { port } = await start({ trustProxy: false });
    const client = await connect(port);
    const res = await client.request({ params: apacheParams({ uri: '/ip', remoteAddr: '203.0.113.50' }) });
    expect(res.body.toString()).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
  });
});

function slowApp(): express.Express {
  const app = express();
  app.get('/slow', (req, res) => {
    setTimeout(() => res.send(`slept ${req.query.ms as string}`), Number(req.query.ms));
  });
  app.get('/ip', (req, res) => {
    res.send(req.ip);
  });
  return app;
}

async function until(condition: () => boolean, ms = 9_000): Promise<void> {
  // just inside the tier's 10 s: slow, not wrong
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
