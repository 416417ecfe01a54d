/**
 * Helmet's security headers depend only on whether a request came over TLS, so they are captured once, in a
 * plain and a TLS variant, for files served without the app (see README.md).
 */
import type { IncomingMessage } from 'node:http';
import type { RequestHandler, Request, Response } from 'express';
import { servedOverTls, type ProxyTrust } from '#app/middleware/tls.ts';

/** The security headers of a page served over plain HTTP, and over TLS. */
export interface StaticHeaders {
  readonly plain: Readonly<Record<string, string>>;
  readonly tls: Readonly<Record<string, string>>;
}

/** For the fast path: the variant a request gets, by the one TLS rule, flat as writeHead takes it. */
export function staticHeadersFor(
  headers: StaticHeaders,
  trust: ProxyTrust,
): (req: IncomingMessage) => readonly string[] {
  const plain = Object.entries(headers.plain).flat();
  const tls = Object.entries(headers.tls).flat();
  return (req) => (servedOverTls(req, trust) ? tls : plain);
}

export function headersSetBy(middleware: RequestHandler): Record<string, string> {
  const headers = new Map<string, { name: string; value: string }>();
  const res = {
    setHeader(name: string, value: unknown) {
      headers.set(name.toLowerCase(), { name, value: Array.isArray(value) ? value.join(', ') : String(value) });
      return res;
    },
    getHeader: (name: string) => headers.get(name.toLowerCase())?.value,
    removeHeader: (name: string) => void headers.delete(name.toLowerCase()),
  };
  let failure: unknown;
  middleware(
    { headers: {}, method: 'GET', url: '/' } as Request,
    res as unknown as Response,
    (error?: unknown) => (failure = error),
  );
  if (failure) throw new Error(`could not read the security headers: ${describe(failure)}`, { cause: failure });
  return Object.fromEntries([...headers.values()].map(({ name, value }) => [name, value]));
}

function describe(error: unknown): string {
  return error instanceof Error ? String(error) : JSON.stringify(error);
}
