import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import http from 'node:http';
import net from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express, { type Express } from 'express';
import { pino } from 'pino';
import { createListener } from '#app/server/pool/worker-listener.ts';
import { FastcgiClient, apacheParams } from '#test/support/fastcgi-client.ts';
import { waitFor } from '#test/support/wait-for.ts';

// The worker's listeners with a small real app: counters, and a drain that
// lets in-flight requests finish while nothing new is taken.

const logger = pino({ level: 'silent' });
let dir: string;
let release: () => void;

function slowApp(): Express {
  const app = express();
  app.get('/fast', (_req, res) => void res.send('fast'));
  app.get('/slow', (_req, res) => {
    release = () => res.send('slow');
  });
  return app;
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'folio-listener-'));
  release = () => {};
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the HTTP listener', () => {
  it('finishes an in-flight request with Connection: close, drops idle keep-alive connections, and counts', async () => {
    const socketPath = path.join(dir, 'w.sock');
    const listener = createListener('http', slowApp(), logger);
    await listener.listen({ kind: 'unix', path: socketPath });
    const agent = new http.Agent({ keepAlive: true });
    const idle = await request(socketPath, '/fast', agent);
    expect(idle).toMatchObject({ status: 200, body: 'fast', connection: 'keep-alive' });
    const slow = request(socketPath, '/slow');
    await waitFor(() => listener.activeRequests === 1);
    const drained = listener.drain(5_000);
    await expect(request(socketPath, '/fast')).rejects.toThrow(/ENOENT|ECONNREFUSED/); // no longer accepting
    release();
    expect(await slow).toMatchObject({ status: 200, body: 'slow', connection: 'close' });
    expect(await drained).toBe('drained');
    expect(listener.requestsServed).toBe(2);
    expect(listener.activeRequests).toBe(0);
    agent.destroy();
  });

  it('cuts off what is still running at the drain timeout', async () => {
    const socketPath = path.join(dir, 'w.sock');
    const listener = createListener('http', slowApp(), logger);
    await listener.listen({ kind: 'unix', path: socketPath });
    const hung = request(socketPath, '/slow');
    await waitFor(() => listener.activeRequests === 1);
    expect(await listener.drain(100)).toBe('timed out');
    await expect(hung).rejects.toThrow(/socket hang up|ECONNRESET/);
  });
});

describe('the FastCGI listener', () => {
  it("lets the web server's in-flight request finish, then closes the connection", async () => {
    const port = await freePort();
    const listener = createListener('fastcgi', slowApp(), logger);
    await listener.listen({ kind: 'tcp', host: '127.0.0.1', port });
    const client = await FastcgiClient.connect(port);
    expect((await client.request({ id: 1, params: apacheParams({ uri: '/fast' }) })).status).toBe(200);
    const slow = client.request({ id: 2, params: apacheParams({ uri: '/slow' }) });
    await waitFor(() => listener.activeRequests === 1);
    const drained = listener.drain(5_000);
    release();
    const res = await slow;
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('slow');
    expect(await drained).toBe('drained');
    expect(await client.closedWithin(9_000)).toBe(true);
    expect(listener.requestsServed).toBe(2);
  });
});

function request(
  socketPath: string,
  urlPath: string,
  agent: http.Agent | false = false,
): Promise<{ status: number; body: string; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    http
      .get({ socketPath, path: urlPath, agent }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }));
      })
      .on('error', reject);
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
