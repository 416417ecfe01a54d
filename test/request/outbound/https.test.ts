/**
 * https goes through the same guard, and certificates are checked: a
 * self-signed server (made with openssl for this test) is refused as a
 * network failure, with a message that says why.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fetchOutbound, OutboundRefused } from '#app/net/outbound.ts';
import { testConfig } from './site.ts';

describe('fetchOutbound over https', () => {
  let server: https.Server;
  let port: number;
  let requests = 0;
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'folio-outbound-tls-'));
    try {
      const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
      execFileSync(
        'openssl',
        ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1'].concat([
          '-keyout',
          key,
          '-out',
          cert,
        ]),
        {
          stdio: 'ignore',
        },
      );
      server = https.createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_request, response) => {
        requests += 1;
        response.end('secret page');
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });

  async function refusal(url: string, allowPrivate: boolean): Promise<OutboundRefused> {
    const error = await fetchOutbound(url, testConfig({ allowPrivate })).then(
      () => null,
      (error: unknown) => error,
    );
    expect(error).toBeInstanceOf(OutboundRefused);
    return error as OutboundRefused;
  }

  it('refuses loopback over https as over http', async () => {
    expect((await refusal(`https://localhost:${port}/`, false)).reason).toBe('private-address');
  });

  it('refuses a certificate nobody vouches for, before any request is sent', async () => {
    const error = await refusal(`https://localhost:${port}/`, true);
    expect(error.reason).toBe('network');
    expect(error.message).toContain('certificate');
    expect(requests).toBe(0);
  });
});
