/**
 * POST /webmention: the Webmention endpoint (W3C Recommendation). Answers
 * at once, 202 Accepted, and checks the source later (the outbox), or 400
 * with the reason, in plain text as the spec's senders read it.
 */
import type { Request, Response } from 'express';
import { appContext } from '#app/context.ts';
import { receiveWebmention } from '#app/webmention/receive.ts';
import { webmentionWaitSeconds } from '#app/webmention/rate-limit.ts';

export async function create(req: Request, res: Response) {
  const wait = await webmentionWaitSeconds(req.ip ?? '');
  if (wait > 0) {
    res.setHeader('Retry-After', String(wait));
    res.status(429).type('text').send(`Too many webmentions from your address. Please try again in ${wait} seconds.`);
    return;
  }
  const body = (req.body ?? {}) as Record<string, unknown>;
  const field = (name: string) => (typeof body[name] === 'string' ? body[name].trim() : '');
  const outcome = await receiveWebmention(field('source'), field('target'), {
    baseUrl: appContext(req).config.baseUrl,
  });
  if (!outcome.accepted) {
    res.status(outcome.status).type('text').send(outcome.message);
    return;
  }
  res
    .status(202)
    .type('text')
    .send('Accepted. The source will be checked shortly; once a moderator approves it, the mention is shown.');
}
