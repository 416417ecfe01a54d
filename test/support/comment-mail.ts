/**
 * For the comment-mail tests: readers posting through the real comment form
 * (its token as a preview issues it), and the outbox delivering through a
 * real SMTP server (aiosmtpd), read back message by message.
 */
import request from 'supertest';
import { expect } from 'vitest';
import { pino } from 'pino';
import type { Article } from '#app/models/db.ts';
import { issueCommentToken } from '#app/models/comment/form-token.ts';
import { deliverDueNotifications } from '#app/notifications/outbox.ts';
import { systemClock } from '#app/clock.ts';
import { articlePath } from '#app/helpers/permalinks.ts';
import type { TestApp } from '#test/support/app.ts';
import type { MailMessage, SmtpServer } from '#test/support/smtp-server.ts';

let address = 0;

/** POSTs a previewed comment, each from its own address unless told (the per-address rate limit stays out of the way). */
export function postComment(
  t: TestApp,
  article: Pick<Article, 'id' | 'slug' | 'publishedOn'>,
  fields: Record<string, string>,
  from = `203.0.113.${(++address % 250) + 1}`,
) {
  return request(t.app)
    .post(`${articlePath(article)}/comments`)
    .set('X-Forwarded-For', from)
    .type('form')
    .send({
      token: issueCommentToken(article.id, t.config.sessionSecret, new Date(Date.now() - 10_000)),
      authorName: 'Reader',
      body: 'Hello there',
      ...fields,
    });
}

/**
 * `delivered()` sends all that the outbox holds through `smtp`, as the
 * monitor loop would, and returns the messages that arrived since its last call.
 */
export function mailCourier(t: TestApp, smtp: SmtpServer): { delivered(): Promise<MailMessage[]> } {
  // A row is due from when it was queued; this clock runs a second ahead, so every row queued so far is.
  const clock = { ...systemClock, now: () => new Date(Date.now() + 1_000) };
  const context = {
    config: { ...t.config, monitoring: { ...t.config.monitoring, smtpUrl: smtp.url } },
    logger: pino({ level: 'silent' }),
    clock,
  };
  let seen = smtp.messages().length;
  return {
    async delivered() {
      for (;;) {
        const { delivered, failed } = await deliverDueNotifications(context);
        expect(failed).toBe(0);
        if (delivered === 0) break;
      }
      const all = smtp.messages();
      const fresh = all.slice(seen);
      seen = all.length;
      return fresh;
    },
  };
}

/** The link in a mail's text that starts with `prefix` (an absolute URL). */
export function linkIn(message: MailMessage, pattern: RegExp): string {
  const link = pattern.exec(message.text)?.[0];
  if (!link) throw new Error(`no link matching ${pattern} in:\n${message.text}`);
  return link;
}

/** An absolute link on the test blog as the path a supertest request takes. */
export const pathOf = (url: string) => new URL(url).pathname;
