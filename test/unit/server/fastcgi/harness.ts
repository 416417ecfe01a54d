/**
 * A FastCGI server on a loopback port serving a small Express app, plus the
 * clients a test opened, all stopped by `stop()`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import express from 'express';
import {
  createFastcgiServer,
  type FastcgiOptions,
  type FastcgiServer,
  type FastcgiLogEvent,
} from '#app/server/fastcgi/index.ts';
import { FastcgiClient, listenOnLoopback } from '#test/support/fastcgi-client.ts';

/** A request the app left hanging, with the events the app saw on it. */
export interface HangingRequest {
  events: string[];
  settled: Promise<void>;
  /** Bytes waiting in the request socket and the request when the app looked. */
  buffered?: number;
}

export interface Harness {
  server: FastcgiServer;
  port: number;
  logs: FastcgiLogEvent[];
  hanging: HangingRequest[];
  connect(): Promise<FastcgiClient>;
  logged(pattern: RegExp): boolean;
  stop(): Promise<void>;
}

export async function startHarness(options: FastcgiOptions = {}): Promise<Harness> {
  const logs: FastcgiLogEvent[] = [];
  const hanging: HangingRequest[] = [];
  const clients: FastcgiClient[] = [];
  const server = createFastcgiServer(protocolApp(hanging), { ...options, log: (event) => logs.push(event) });
  const port = await listenOnLoopback(server);
  return {
    server,
    port,
    logs,
    hanging,
    async connect() {
      const client = await FastcgiClient.connect(port);
      clients.push(client);
      return client;
    },
    logged: (pattern) => logs.some((event) => pattern.test(event.msg)),
    async stop() {
      await Promise.all(clients.map((client) => client.close()));
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export async function until(condition: () => boolean, ms = 9_000): Promise<void> {
  // just inside the tier's 10 s: slow, not wrong
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Routes for protocol tests; '/throw' throws out of the handler itself, past Express. */
function protocolApp(hanging: HangingRequest[]): (req: IncomingMessage, res: ServerResponse) => void {
  const app = express();
  app.all('/hello', (req, res) => {
    res.type('text').send(`hello ${req.query.n as string}`);
  });
  app.all('/wait', express.text({ type: '*/*' }), (req, res) => {
    setTimeout(
      () => res.type('text').send(`id=${req.query.id as string} body=${typeof req.body === 'string' ? req.body : ''}`),
      Number(req.query.ms),
    );
  });
  app.post('/echo', express.raw({ type: '*/*', limit: '64mb' }), (req, res) => {
    res.send(req.body);
  });
  app.post('/slow-reader', (req, res) => {
    // Looks at what piled up before reading: with backpressure, not the whole upload.
    setTimeout(() => {
      const buffered = req.socket.readableLength + req.readableLength;
      let length = 0;
      req.on('data', (chunk: Buffer) => {
        length += chunk.length;
      });
      req.on('end', () => res.json({ buffered, length }));
    }, 200);
  });
  app.all('/hang', (req, res) => {
    const events: string[] = [];
    let settle = () => {};
    const settled = new Promise<void>((resolve) => {
      settle = resolve;
    });
    req.on('aborted', () => events.push('req aborted'));
    req.on('close', () => events.push('req close'));
    res.on('finish', () => events.push('res finish'));
    res.on('close', () => {
      events.push('res close');
      setImmediate(settle);
    });
    req.resume();
    hanging.push({ events, settled });
  });
  return (req, res) => {
    if (req.url === '/throw') throw new Error('thrown past Express');
    app(req, res);
  };
}
