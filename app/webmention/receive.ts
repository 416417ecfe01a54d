/**
 * A webmention (or, from XML-RPC, a pingback) arriving. Only what needs no
 * fetch is checked here (both URLs http(s), source is not target, target is
 * one of our visible articles, webmentions on): the spec asks receivers to
 * answer at once and verify later, so a slow or hostile source never holds
 * a request open. The Webmention row is stored or refreshed and its check
 * queued on the outbox (channel webmention-check, app/webmention/verify.ts),
 * which retries with back-off when the source cannot be reached.
 */
import { db, type Prisma } from '#app/models/db.ts';
import { currentSettings } from '#app/models/settings.ts';
import { isUniqueViolation } from '#app/models/validation.ts';
import { enqueueRequest } from '#app/notifications/enqueue.ts';
import { httpUrl, targetArticle } from '#app/webmention/target.ts';

export type WebmentionProtocol = 'webmention' | 'pingback';

export type ReceiveOutcome =
  | { readonly accepted: true; readonly id: number }
  /** status: 400 for a bad request (the spec's answer), 404 for no such target; message says why. */
  | { readonly accepted: false; readonly status: 400 | 404; readonly message: string };

/** Longest source or target URL taken: longer ones are abuse, not links. */
export const maxUrlLength = 2000;

export async function receiveWebmention(
  source: string,
  target: string,
  site: { readonly baseUrl: string },
  protocol: WebmentionProtocol = 'webmention',
): Promise<ReceiveOutcome> {
  if (!(await currentSettings()).webmentions) return refused('This blog does not accept webmentions.');
  const refusal = urlRefusal(source, target);
  if (refusal) return refused(refusal);
  const articleId = await targetArticle(new URL(target), site.baseUrl);
  if (articleId === null)
    return refused('The target is not an article on this blog: webmentions are taken for published articles only.');
  const id = await storeAndQueue({ source, target, articleId, protocol });
  return { accepted: true, id };
}

function refused(message: string): ReceiveOutcome {
  return { accepted: false, status: 400, message };
}

function urlRefusal(source: string, target: string): string | null {
  if (!source) return 'The source is missing: send the URL of the page that mentions the article.';
  if (!target) return 'The target is missing: send the URL of the article mentioned.';
  if (source.length > maxUrlLength || target.length > maxUrlLength)
    return `The source and target must be URLs under ${maxUrlLength} characters.`;
  const from = httpUrl(source);
  if (!from) return 'The source must be an http:// or https:// URL.';
  const to = httpUrl(target);
  if (!to) return 'The target must be an http:// or https:// URL.';
  if (from.href === to.href) return 'The source and target are the same URL: a page cannot mention itself.';
  return null;
}

/**
 * Stores the row (again "queued": a re-sent webmention means the source
 * changed) and queues one check, unless one is already waiting for it: a
 * burst of re-sends is checked once. Two requests for a new pair at once
 * race on the (source, target) key; the loser simply tries again.
 */
async function storeAndQueue(
  mention: { source: string; target: string; articleId: number; protocol: WebmentionProtocol },
  attempt = 1,
): Promise<number> {
  try {
    return await db.$transaction(async (tx) => {
      const { source, target } = mention;
      const row = await tx.webmention.upsert({
        where: { source_target: { source, target } },
        create: { ...mention, status: 'queued' },
        update: { articleId: mention.articleId, protocol: mention.protocol, status: 'queued', lastError: '' },
        select: { id: true },
      });
      if (!(await checkWaiting(tx, row.id)))
        await enqueueRequest(
          { channel: 'webmention-check', purpose: 'webmention', recipient: source, body: String(row.id) },
          tx,
        );
      return row.id;
    });
  } catch (error) {
    if (attempt === 1 && isUniqueViolation(error)) return storeAndQueue(mention, 2);
    throw error;
  }
}

/**
 * A check that has not started yet will read the source as it is now, so
 * it serves this request too. One being sent right now (claimed) may have
 * read the page before it changed: that one does not count.
 */
async function checkWaiting(tx: Prisma.TransactionClient, id: number): Promise<boolean> {
  const now = new Date();
  const waiting = await tx.notification.findFirst({
    where: {
      channel: 'webmention-check',
      body: String(id),
      deliveredAt: null,
      failedAt: null,
      OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }],
    },
    select: { id: true },
  });
  return waiting !== null;
}
