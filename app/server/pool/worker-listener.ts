/**
 * A worker's listener: the app served over FastCGI or plain HTTP, with the
 * counters the supervisor asks for and a bounded, graceful drain.
 */
import { chmodSync } from 'node:fs';
import { cacheFirst } from '#app/server/http.ts';
import http, { type ServerResponse } from 'node:http';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { createFastcgiServer } from '#app/server/fastcgi/index.ts';
import type { WorkerAddress } from '#app/server/pool/address.ts';
import type { Transport } from '#app/server/pool/spawner.ts';

export interface WorkerListener {
  listen(address: WorkerAddress): Promise<void>;
  readonly requestsServed: number;
  readonly activeRequests: number;
  /** Stops accepting and lets in-flight requests finish; after `timeoutMs` the rest are cut off. */
  drain(timeoutMs: number): Promise<'drained' | 'timed out'>;
}

/** The part of http.Server and FastcgiServer a listener needs. */
interface Listening {
  listen(port: number, host: string, cb: () => void): unknown;
  listen(path: string, cb: () => void): unknown;
  close(cb: () => void): unknown;
  once(event: 'error', listener: (error: Error) => void): unknown;
  off(event: 'error', listener: (error: Error) => void): unknown;
}

export function createListener(transport: Transport, app: Express, logger: Logger): WorkerListener {
  return transport === 'http' ? httpListener(app) : fastcgiListener(app, logger);
}

function fastcgiListener(app: Express, logger: Logger): WorkerListener {
  const server = createFastcgiServer(app, { log: ({ level, msg, ...details }) => logger[level](details, msg) });
  return {
    listen: (address) => listen(server, address),
    get requestsServed() {
      return server.requestsServed;
    },
    get activeRequests() {
      return server.activeRequests;
    },
    // close() drains every connection: idle ones close now, busy ones after their requests.
    drain: (timeoutMs) => closeWithin(server, timeoutMs, () => {}),
  };
}

function httpListener(app: Express): WorkerListener {
  const inFlight = new Set<ServerResponse>();
  let served = 0;
  let draining = false;
  // Page-cached files first, exactly as `npm start` serves them.
  const handle = cacheFirst(app);
  const server = http.createServer({ maxHeaderSize: 16 * 1024 }, (req, res) => {
    inFlight.add(res);
    if (draining) res.setHeader('Connection', 'close');
    res.on('finish', () => (served += 1));
    res.on('close', () => {
      inFlight.delete(res);
      // A keep-alive connection whose response had begun before the drain is idle only now.
      if (draining) setImmediate(() => server.closeIdleConnections());
    });
    handle(req, res);
  });
  server.keepAliveTimeout = 65_000;
  return {
    listen: (address) => listen(server, address),
    get requestsServed() {
      return served;
    },
    get activeRequests() {
      return inFlight.size;
    },
    drain(timeoutMs) {
      draining = true;
      for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
      // close() also closes the idle keep-alive connections.
      return closeWithin(server, timeoutMs, () => server.closeAllConnections());
    },
  };
}

function listen(server: Listening, address: WorkerAddress): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const listening = () => {
      server.off('error', reject);
      // The web server's user (www-data) is usually in our group, not us.
      if (address.kind === 'unix') chmodSync(address.path, 0o660);
      resolve();
    };
    if (address.kind === 'unix') server.listen(address.path, listening);
    else server.listen(address.port, address.host, listening);
  });
}

function closeWithin(server: Listening, timeoutMs: number, cutOff: () => void): Promise<'drained' | 'timed out'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      cutOff();
      resolve('timed out');
    }, timeoutMs);
    server.close(() => {
      clearTimeout(timer);
      resolve('drained');
    });
  });
}
