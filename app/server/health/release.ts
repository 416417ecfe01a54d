/**
 * Check A, before the switch: this release's own app, built in-process
 * against the real (migrated) database with the page cache off (neither
 * read nor written, so no page of another release can answer for it and
 * this check leaves none behind), served on an ephemeral loopback port and
 * asked for the routes that matter.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '#config/environment.ts';
import { createApplication } from '#config/application.ts';
import { CapturedErrors } from '#app/server/health/logged-errors.ts';
import { httpAsk } from '#app/server/health/ask.ts';
import { probeRoutes } from '#app/server/health/probe.ts';
import type { Deadline } from '#app/server/health/deadline.ts';
import { routesThatMatter } from '#app/server/health/routes.ts';

/** Resolves when every route passed (a line printed for each); throws CheckFailure at the first that did not. */
export async function checkRelease(config: Config, deadline: Deadline, print: (line: string) => void): Promise<void> {
  const errors = new CapturedErrors({ pid: process.pid, worker: 'release-check' });
  const app = createApplication({ ...config, pageCache: false }, errors.logger);
  const server = http.createServer({ maxHeaderSize: 16 * 1024 }, app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  try {
    const { port } = server.address() as AddressInfo;
    deadline.doing('reading the routes to check from the database');
    const plan = await routesThatMatter();
    for (const note of plan.skipped) print(note);
    const ask = httpAsk({ host: '127.0.0.1', port }, new URL(config.baseUrl).host);
    await probeRoutes(
      { ask, explain: (requestId) => errors.explain(requestId), log: "the release's log" },
      plan.routes,
      deadline,
      print,
    );
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
