import { describe, it, expect } from 'vitest';
import type { IncomingMessage } from 'node:http';
import express from 'express';
import request from 'supertest';
import { proxyTrust, servedOverTls, sessionCookieName } from '#app/middleware/tls.ts';

function incoming(remoteAddress: string, headers: Record<string, string> = {}, encrypted = false): IncomingMessage {
  return { socket: { remoteAddress, encrypted }, headers } as unknown as IncomingMessage;
}

// Asymmetric matchers are typed `any`; naming one `unknown` keeps that out of the object it sits in.
const loopbackAddress: unknown = expect.stringMatching(/127\.0\.0\.1|::1/);

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

  it('gives Express one hop of X-Forwarded-For from a trusted proxy, none from anyone else', async () => {
    const ipSeen = (trusted: string[]) => {
      const app = express();
      app.set('trust proxy', proxyTrust(trusted));
      app.get('/', (req, res) => void res.json({ ip: req.ip, secure: req.secure }));
      return request(app)
        .get('/')
        .set('X-Forwarded-For', '198.51.100.7, 203.0.113.9')
        .set('X-Forwarded-Proto', 'https');
    };
    expect((await ipSeen(['loopback'])).body).toEqual({ ip: '203.0.113.9', secure: true });
    expect((await ipSeen([])).body).toMatchObject({ ip: loopbackAddress, secure: false });
  });

  it('is TLS when the socket is, or when a trusted proxy says https; never on a client’s word', () => {
    const none = proxyTrust([]);
    const local = proxyTrust(['127.0.0.1']);
    expect(servedOverTls(incoming('203.0.113.1', {}, true), none)).toBe(true);
    expect(servedOverTls(incoming('127.0.0.1', { 'x-forwarded-proto': 'https' }), none)).toBe(false);
    expect(servedOverTls(incoming('203.0.113.1', { 'x-forwarded-proto': 'https' }), local)).toBe(false);
    expect(servedOverTls(incoming('127.0.0.1', { 'x-forwarded-proto': 'https' }), local)).toBe(true);
    expect(servedOverTls(incoming('127.0.0.1', { 'x-forwarded-proto': 'http' }), local)).toBe(false);
  });

  it('names the session cookie with the strongest prefix its path allows, only under TLS', () => {
    expect(sessionCookieName('folio.sid', '/', true)).toBe('__Host-folio.sid');
    expect(sessionCookieName('folio.sid', '/admin', true)).toBe('__Secure-folio.sid');
    expect(sessionCookieName('folio.sid', '/', false)).toBe('folio.sid');
  });
});
