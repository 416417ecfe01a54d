import { describe, it, expect } from 'vitest';
import type { IncomingMessage } from 'node:http';
import { proxyTrust, servedOverTls, sessionCookieName } from '#app/middleware/tls.ts';

function request(remoteAddress: string, headers: Record<string, string> = {}, encrypted = false): IncomingMessage {
  return { socket: { remoteAddress, encrypted }, headers } as unknown as IncomingMessage;
}

describe('the TLS rule', () => {
  it('trusts only the directly connected peer, and only a configured one', () => {
    const trust = proxyTrust(['10.0.0.5', '192.168.0.0/16', 'loopback']);
    expect(trust('10.0.0.5', 0)).toBe(true);
    expect(trust('::ffff:10.0.0.5', 0)).toBe(true);
    expect(trust('192.168.7.9', 0)).toBe(true);
    expect(trust('127.0.0.1', 0)).toBe(true);
    expect(trust('::1', 0)).toBe(true);
    expect(trust('10.0.0.6', 0)).toBe(false);
    // One hop: an address the proxy forwarded is never itself a proxy.
    expect(trust('10.0.0.5', 1)).toBe(false);
    expect(proxyTrust([])('127.0.0.1', 0)).toBe(false);
  });

  it('is TLS when the socket is, or when a trusted proxy says https; never on a client’s word', () => {
    const none = proxyTrust([]);
    const local = proxyTrust(['127.0.0.1']);
    expect(servedOverTls(request('203.0.113.1', {}, true), none)).toBe(true);
    expect(servedOverTls(request('127.0.0.1', { 'x-forwarded-proto': 'https' }), none)).toBe(false);
    expect(servedOverTls(request('203.0.113.1', { 'x-forwarded-proto': 'https' }), local)).toBe(false);
    expect(servedOverTls(request('127.0.0.1', { 'x-forwarded-proto': 'https' }), local)).toBe(true);
    expect(servedOverTls(request('127.0.0.1', { 'x-forwarded-proto': 'http' }), local)).toBe(false);
  });

  it('names the session cookie with the strongest prefix its path allows, only under TLS', () => {
    expect(sessionCookieName('folio.sid', '/', true)).toBe('__Host-folio.sid');
    expect(sessionCookieName('folio.sid', '/admin', true)).toBe('__Secure-folio.sid');
    expect(sessionCookieName('folio.sid', '/', false)).toBe('folio.sid');
  });
});
