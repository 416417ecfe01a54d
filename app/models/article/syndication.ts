/**
 * What other sites hear when an article changes: the pages it links to get
 * webmentions (app/webmention/send.ts), and the WebSub hub is told which
 * feeds changed (app/websub/ping.ts). Both are outbox rows written in the
 * save's own transaction, so nothing is announced for a save that rolled
 * back, and sent later by the monitor loop, so a slow remote site never
 * holds up the author.
 *
 * Only saves through saveArticle (the editor, XML-RPC, Micropub), the trash
 * and deletion call these: an import writes thousands of old articles and
 * must not notify every site they ever linked to.
 */
import type { Article, Prisma } from '#app/models/db.ts';
import { enqueueRequest } from '#app/notifications/enqueue.ts';
import { articlePath, authorPath, feedPath, sectionPath, tagPath } from '#app/helpers/permalinks.ts';
import { linksOutside } from '#app/webmention/links.ts';

type Tx = Prisma.TransactionClient;

/** A burst of edits makes one WebSub ping: the hub is told this long after the first. */
export const websubCoalesceMs = 5000;

/** Whether the article was published (or scheduled) before this write: its readers may have seen it. */
export async function publishedBefore(tx: Tx, id: number | undefined): Promise<boolean> {
  if (id === undefined) return false;
  const before = await tx.article.findUnique({ where: { id }, select: { state: true } });
  return before?.state === 'published';
}

/**
 * After a save (or a move to or from the trash) of an article that is or
 * was published: one webmention row for it (unless one still waits, which
 * then takes this revision), and one WebSub ping. A scheduled article's
 * rows wait until its time comes.
 */
export async function queueSyndication(tx: Tx, article: Article, wasPublished: boolean, now: Date): Promise<void> {
  const published = article.state === 'published';
  if (!published && !wasPublished) return;
  const settings = await tx.setting.findUnique({ where: { id: 1 }, select: { webmentions: true, websubHub: true } });
  const dueAt = published && article.publishedAt && article.publishedAt > now ? article.publishedAt : now;
  if (settings?.webmentions) await queueWebmentions(tx, article, dueAt, now);
  if (settings?.websubHub) await queueWebSubPing(tx, settings.websubHub, await feedPathsOf(tx, article), dueAt);
}

/**
 * Before a hard delete: the sent-webmention rows go with the article, so
 * each page that got a mention is queued a row of its own (body: JSON
 * {source, target, endpoint}, the source a path under BASE_URL); by the time
 * it is sent the source answers 404 and the target drops the mention.
 */
export async function queueDeletionNotices(tx: Tx, id: number, now: Date): Promise<void> {
  const article = await tx.article.findUnique({ where: { id }, include: { sentWebmentions: true } });
  if (!article || article.state !== 'published') return;
  const settings = await tx.setting.findUnique({ where: { id: 1 }, select: { webmentions: true, websubHub: true } });
  if (settings?.webmentions)
    for (const sent of article.sentWebmentions.filter((row) => row.endpoint !== ''))
      await enqueueRequest(
        {
          channel: 'webmention',
          purpose: 'webmention',
          recipient: sent.target,
          body: JSON.stringify({ source: articlePath(article), target: sent.target, endpoint: sent.endpoint }),
        },
        tx,
      );
  if (settings?.websubHub) await queueWebSubPing(tx, settings.websubHub, await feedPathsOf(tx, article), now);
}

/** One row per article: a row that still waits (not being sent right now) is moved to `dueAt` instead. */
export async function queueWebmentions(tx: Tx, article: Article, dueAt: Date, now: Date): Promise<void> {
  const worthIt =
    linksOutside(article.excerptHtml + article.bodyHtml) ||
    (await tx.sentWebmention.count({ where: { articleId: article.id } })) > 0;
  if (!worthIt) return;
  const waiting = await tx.notification.findFirst({
    where: { channel: 'webmention', body: String(article.id), ...waitingRow(now) },
    select: { id: true },
  });
  if (waiting) await tx.notification.update({ where: { id: waiting.id }, data: { nextAttemptAt: dueAt } });
  else
    await enqueueRequest(
      { channel: 'webmention', purpose: 'webmention', recipient: articlePath(article), body: String(article.id) },
      tx,
      dueAt.getTime() - Date.now(),
    );
}

/** The feeds the hub should fetch again go into a ping due soon after `dueAt`, or a new one. */
async function queueWebSubPing(tx: Tx, hub: string, feeds: string[], dueAt: Date): Promise<void> {
  const at = new Date(dueAt.getTime() + websubCoalesceMs);
  const waiting = await tx.notification.findFirst({
    where: {
      channel: 'websub',
      recipient: hub,
      attempts: 0,
      ...waitingRow(dueAt),
      nextAttemptAt: { gte: dueAt, lte: at },
    },
    select: { id: true, body: true },
  });
  if (waiting) {
    const merged = [...new Set([...(JSON.parse(waiting.body) as string[]), ...feeds])];
    await tx.notification.update({ where: { id: waiting.id }, data: { body: JSON.stringify(merged) } });
  } else
    await enqueueRequest(
      { channel: 'websub', purpose: 'websub', recipient: hub, body: JSON.stringify(feeds) },
      tx,
      at.getTime() - Date.now(),
    );
}

/** Not yet sent, not given up, and no host is sending it at this moment. */
function waitingRow(now: Date): Prisma.NotificationWhereInput {
  return { deliveredAt: null, failedAt: null, OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] };
}

/** The blog's feeds the article appears in, as paths under BASE_URL. */
async function feedPathsOf(tx: Tx, article: Article): Promise<string[]> {
  // One query at a time: a transaction runs them in turn anyway.
  const taggings = await tx.tagging.findMany({
    where: { articleId: article.id },
    select: { tag: { select: { slug: true } } },
  });
  const section =
    article.sectionId === null
      ? null
      : await tx.section.findUnique({ where: { id: article.sectionId }, select: { slug: true, style: true } });
  const author = await tx.user.findUnique({ where: { id: article.authorId }, select: { login: true } });
  const pages = [
    '/',
    ...taggings.map(({ tag }) => tagPath(tag.slug)),
    ...(section?.style === 'blog' ? [sectionPath(section.slug)] : []),
    ...(author ? [authorPath(author.login)] : []),
  ];
  return pages.flatMap((page) => [feedPath(page, 'atom'), feedPath(page, 'rss')]);
}
