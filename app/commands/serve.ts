/** `npm start`: migrate, then serve the blog over HTTP in this one process. */
import { boot } from '#app/boot.ts';
import { createApplication } from '#config/application.ts';
import { catchUpWithOtherHosts } from '#app/page-cache/index.ts';
import { serveHttp, stopOnSignals } from '#app/server/http.ts';
import { disconnectDatabase } from '#app/models/db.ts';

export async function serve(): Promise<void> {
  const { config, logger } = await boot();
  const app = createApplication(config, logger);
  await catchUpWithOtherHosts(app, logger);
  const server = await serveHttp(app, config.host, config.port, logger);
  stopOnSignals(server, logger, disconnectDatabase);
}
