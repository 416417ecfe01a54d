/**
 * fetchOutbound refuses what it must not fetch before a byte is sent: other
 * schemes, credentials in URLs, loopback/private/link-local addresses
 * (literal, or after DNS), and redirects to any of them.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { fetchOutbound, OutboundRefused } from '#app/net/outbound.ts';
import { freePort } from '#test/support/ports.ts';
import { startSite, testConfig, type Site } from './site.ts';

const strict = testConfig({ allowPrivate: false });
const forTests = testConfig({ allowPrivate: true });

async function refusal(promise: Promise<unknown>): Promise<OutboundRefused> {
  const error = await promise.then(
    () => null,
    (error: unknown) => error,
  );
  expect(error).toBeInstanceOf(OutboundRefused);
  return error as OutboundRefused;
}

describe('fetchOutbound: what it refuses to reach', () => {
  let site: Site;
  beforeAll(async () => {
    site = await startSite((request, response) => {
      if (request.path === '/to-metadata')
        response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
      else if (request.path === '/to-unspecified')
        response.writeHead(302, { location: `http://0.0.0.0:${site.port}/` });
      else if (request.path === '/to-file') response.writeHead(302, { location: 'file:///etc/passwd' });
      else if (request.path === '/to-credentials')
        response.writeHead(302, { location: `http://a:b@127.0.0.1:${site.port}/` });
      else response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('hello');
    });
  });
  afterAll(() => site.stop());

  it.each([
    'ftp://example.com/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/plain,hi',
    'gopher://example.com/',
  ])('refuses the scheme of %s', async (url) => {
    const error = await refusal(fetchOutbound(url, forTests));
    expect(error.reason).toBe('scheme');
  });

  it('refuses what is not a URL at all', async () => {
    expect((await refusal(fetchOutbound('/relative/path', forTests))).reason).toBe('scheme');
  });

  it('refuses a URL with a user name or password, without repeating the password', async () => {
    const error = await refusal(fetchOutbound(`http://ada:s3cret@127.0.0.1:${site.port}/`, forTests));
    expect(error.reason).toBe('scheme');
    expect(error.message).not.toContain('s3cret');
    expect(site.requests).toHaveLength(0);
  });

  it.each([
    ['the loopback literal', (port: number) => `http://127.0.0.1:${port}/`, 'is a loopback address'],
    ['the name localhost, after DNS', (port: number) => `http://localhost:${port}/`, 'resolves to a loopback address'],
    ['a loopback written as one number', (port: number) => `http://2130706433:${port}/`, 'is a loopback address'],
    ['a loopback written in hex', (port: number) => `http://0x7f.1:${port}/`, 'is a loopback address'],
    ['the IPv6 loopback', (port: number) => `http://[::1]:${port}/`, 'is a loopback address'],
    ['an IPv4-mapped loopback', (port: number) => `http://[::ffff:127.0.0.1]:${port}/`, 'is a loopback address'],
  ])('refuses %s with allowPrivate off, before connecting', async (_what, url, says) => {
    const error = await refusal(fetchOutbound(url(site.port), strict));
    expect(error.reason).toBe('private-address');
    expect(error.message).toContain(says);
    expect(site.requests).toHaveLength(0);
  });

  it('refuses private, link-local and metadata addresses with allowPrivate off', async () => {
    for (const url of [
      'http://10.0.0.1/',
      'http://192.168.0.1/',
      'http://172.16.0.1/',
      'http://169.254.169.254/',
      'http://[fd00::1]/',
    ]) {
      expect((await refusal(fetchOutbound(url, strict))).reason).toBe('private-address');
    }
  });

  it('reaches loopback, by literal and by name, with allowPrivate on', async () => {
    const byLiteral = await fetchOutbound(site.url('/plain'), forTests);
    expect(byLiteral.status).toBe(200);
    expect(byLiteral.text()).toBe('hello');
    const byName = await fetchOutbound(`http://localhost:${site.port}/plain`, forTests);
    expect(byName.text()).toBe('hello');
  });

  it('still refuses link-local and unspecified addresses with allowPrivate on', async () => {
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      `http://0.0.0.0:${site.port}/`,
      'http://[fe80::1]/',
    ]) {
      expect((await refusal(fetchOutbound(url, forTests))).reason).toBe('private-address');
    }
  });

  it('refuses a redirect to the cloud metadata address, naming the range', async () => {
    const error = await refusal(fetchOutbound(site.url('/to-metadata'), forTests));
    expect(error.reason).toBe('private-address');
    expect(error.message).toContain('169.254.169.254 is a link-local address');
  });

  it('refuses a redirect to the unspecified address (which reaches this host)', async () => {
    expect((await refusal(fetchOutbound(site.url('/to-unspecified'), forTests))).reason).toBe('private-address');
  });

  it('refuses a redirect to another scheme or to a URL with credentials', async () => {
    expect((await refusal(fetchOutbound(site.url('/to-file'), forTests))).reason).toBe('scheme');
    expect((await refusal(fetchOutbound(site.url('/to-credentials'), forTests))).reason).toBe('scheme');
  });

  it('says dns when a name does not resolve', async () => {
    const error = await refusal(fetchOutbound('http://no-such-host.invalid/', strict));
    expect(error.reason).toBe('dns');
    expect(error.message).toContain('no-such-host.invalid could not be resolved');
  });

  it('says network when nothing listens', async () => {
    const port = await freePort();
    const error = await refusal(fetchOutbound(`http://127.0.0.1:${port}/a?token=secret`, forTests));
    expect(error.reason).toBe('network');
    expect(error.message).toContain('connection refused');
    expect(error.message).not.toContain('secret');
  });
});
