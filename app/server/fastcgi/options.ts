/** Options of the FastCGI responder, and their defaults. */

export interface FastcgiLogEvent {
  level: 'info' | 'warn' | 'error';
  msg: string;
  [k: string]: unknown;
}

export interface FastcgiOptions {
  /** Total FCGI_PARAMS bytes per request; more closes the connection. Default 64 KiB. */
  maxParamsBytes?: number;
  /** Total STDIN bytes per request; more answers 413 and closes the connection. Default 16 MiB. */
  maxBodyBytes?: number;
  /** After this many requests the connection finishes its current ones, then closes. Default 10 000. */
  maxRequestsPerConnection?: number;
  /** Requests in flight on one connection; more are ended with FCGI_OVERLOADED. Default 16. */
  maxConcurrentRequests?: number;
  /** Connections accepted at once (FCGI_MAX_CONNS); more are refused by the listener. Default 1024. */
  maxConnections?: number;
  /** Close a connection that has had no request in flight for this long. Default 60 s. */
  idleTimeoutMs?: number;
  /** PARAMS and STDIN of a request must be complete within this (slow clients); else the connection closes. Default 30 s. */
  requestTimeoutMs?: number;
  /** Report the web server's REMOTE_ADDR/REMOTE_PORT as the request socket's address. Default true. */
  trustProxy?: boolean;
  log?: (event: FastcgiLogEvent) => void;
}

export type ResolvedOptions = Required<FastcgiOptions>;

export function resolveOptions(options: FastcgiOptions = {}): ResolvedOptions {
  const resolved: ResolvedOptions = {
    maxParamsBytes: options.maxParamsBytes ?? 64 * 1024,
    maxBodyBytes: options.maxBodyBytes ?? 16 * 1024 * 1024,
    maxRequestsPerConnection: options.maxRequestsPerConnection ?? 10_000,
    maxConcurrentRequests: options.maxConcurrentRequests ?? 16,
    maxConnections: options.maxConnections ?? 1024,
    idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
    requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
    trustProxy: options.trustProxy ?? true,
    log: options.log ?? (() => {}),
  };
  for (const key of [
    'maxParamsBytes',
    'maxBodyBytes',
    'maxRequestsPerConnection',
    'maxConcurrentRequests',
    'maxConnections',
    'idleTimeoutMs',
    'requestTimeoutMs',
  ] as const) {
    const value = resolved[key];
    if (!Number.isInteger(value) || value <= 0)
      throw new RangeError(`FastCGI option ${key} must be a positive integer, got ${value}`);
  }
  // Request ids are 16-bit and id 0 is for management records.
  if (resolved.maxConcurrentRequests > 0xffff)
    throw new RangeError('FastCGI option maxConcurrentRequests must be at most 65535');
  return resolved;
}
