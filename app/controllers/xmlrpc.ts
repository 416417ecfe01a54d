/**
 * The XML-RPC endpoint desktop editors post to (MarsEdit, Open Live
 * Writer, clients written against WordPress). The body arrived as text
 * through xmlRpcBody (size-limited); app/xmlrpc/ does the rest. Faults are
 * HTTP 200, the protocol's way.
 */
import type { Request, Response } from 'express';
import { appContext } from '#app/context.ts';
import { currentSettings } from '#app/models/settings.ts';
import { answerCall } from '#app/xmlrpc/server.ts';

/** GET /xmlrpc: someone opened it in a browser. */
export function explain(_req: Request, res: Response) {
  res.status(405).set('Allow', 'POST').type('text').send('XML-RPC server accepts POST requests only.');
}

/** POST /xmlrpc */
export async function call(req: Request, res: Response) {
  const { config, logger, clock } = appContext(req);
  const settings = await currentSettings();
  const context = {
    ip: req.ip ?? '',
    config,
    blogName: settings.blogTitle,
    site: { baseUrl: config.baseUrl, timeZone: settings.timeZone, now: clock.now() },
  };
  const xml = await answerCall(typeof req.body === 'string' ? req.body : '', context, logger.child({ reqId: req.id }));
  res.status(200).set('Cache-Control', 'no-store').type('text/xml; charset=utf-8').send(xml);
}
