import { afterEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkHealthUrl } from '#deploy/tasks/health.ts';
import { localWorld, type LocalWorld } from '#test/unit/deploy/local-hosts.ts';

describe('the deploy health check', () => {
  let world: LocalWorld | undefined;
  let server: http.Server | undefined;
  afterEach(async () => {
    world?.remove();
    server?.closeAllConnections();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  // A busy host can take longer than any per-request limit to render its first page; the check must
  // wait for that answer (up to its own timeout), not abandon it and queue the same work again.
  it('waits for a slow answer instead of giving up on it and asking again', async () => {
    let requests = 0;
    server = http.createServer((_req, res) => {
      requests += 1;
      setTimeout(() => res.end('ok'), 6_000); // a first render on a loaded machine
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    world = localWorld({ healthCheck: { url: `http://127.0.0.1:${port}/`, expectStatus: 200, timeout: 60 } });
    const { context } = world.context();
    await checkHealthUrl(context.sessions[0]!, context.config.healthCheck);
    expect(requests).toBe(1);
  }, 90_000);
});
