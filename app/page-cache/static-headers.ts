/**
 * The headers a middleware sets on every response, captured once: helmet's
 * security headers do not depend on the request, so files served without
 * the app (by the fast path, Apache or lighttpd) can carry the same ones.
 */
import type { RequestHandler, Request, Response } from 'express';

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
  middleware({ headers: {}, method: 'GET', url: '/' } as Request, res as unknown as Response, (error?: unknown) => (failure = error));
  if (failure) throw new Error(`could not read the security headers: ${String(failure)}`);
  return Object.fromEntries([...headers.values()].map(({ name, value }) => [name, value]));
}
