/**
 * The W3C Micropub endpoint: GET answers queries, POST creates, updates,
 * deletes and undeletes posts (app/micropub/). Refusals are the spec's JSON
 * errors (micropubRefusal, the route's last handler).
 */
import type { Request, Response } from 'express';
import { appContext } from '#app/context.ts';
import { uploadDirs } from '#config/uploads.ts';
import { incomingFiles } from '#app/middleware/uploads.ts';
import { micropubClient } from '#app/micropub/authentication.ts';
import { answerQuery } from '#app/micropub/queries.ts';
import { readMicropubRequest } from '#app/micropub/request.ts';
import { performAction } from '#app/micropub/actions.ts';

export { micropubRefusal as refusal } from '#app/micropub/errors.ts';

/** GET /micropub?q=config|source|syndicate-to|category */
export async function query(req: Request, res: Response) {
  const client = await micropubClient(req, res);
  res.json(await answerQuery(req, client, appContext(req).config.baseUrl));
}

/** POST /micropub: form-encoded, multipart (photos) or JSON. */
export async function post(req: Request, res: Response) {
  const client = await micropubClient(req, res);
  const { config, clock } = appContext(req);
  const result = await performAction(readMicropubRequest(req), {
    client,
    baseUrl: config.baseUrl,
    dirs: uploadDirs(config),
    files: incomingFiles(req),
    now: clock.now(),
  });
  if (result.location) res.location(result.location);
  res.status(result.status).end();
}
