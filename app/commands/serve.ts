/**
 * `npm start`: migrate, then serve the blog over HTTP in this one process,
 * which is also its own host for the monitoring: GET /metrics answers with
 * this process's metrics and the host's (as a pool's supervisor adds them),
 * and the monitor loop samples it.
 */
import { boot } from '#app/boot.ts';
import { createApplication } from '#config/application.ts';
import { catchUpWithOtherHosts } from '#app/page-cache/index.ts';
import { serveHttp, stopOnSignals } from '#app/server/http.ts';
import { disconnectDatabase } from '#app/models/db.ts';
import { systemClock } from '#app/clock.ts';
import { startMonitor } from '#app/monitor/loop.ts';
import { singleProcessSources } from '#app/monitor/single-process.ts';

export async function serve(): Promise<void> {
  const { config, logger } = await boot(process.env, { serving: true });
  const app = createApplication(config, logger);
  await catchUpWithOtherHosts(app, logger);
  const server = await serveHttp(app, config.host, config.port, logger);
  const monitor = startMonitor({ config, logger, clock: systemClock }, singleProcessSources(config));
  stopOnSignals(server, logger, async () => {
    await monitor.stop();
    await disconnectDatabase();
  });
}
