/**
 * The outbox's webmention channel: tells every page an article links to
 * (and every page it no longer links to) that the article mentions it, as
 * the W3C Webmention Recommendation asks of a sender. A row's body is the
 * article's id; or, for an article deleted since, JSON {source, target,
 * endpoint} naming one page that got a mention (see
 * app/models/article/syndication.ts).
 *
 * Every page is tried; if any failed for now (the network, a timeout, a
 * 5xx), the row is rejected so the outbox retries it, and the retry sends
 * only to the pages this revision has not reached yet (sentAt older than
 * the article's updatedAt).
 */
import { db, type Article, type Prisma } from '#app/models/db.ts';
import type { Row } from '#app/notifications/outbox.ts';
import type { MonitorContext } from '#app/monitor/context.ts';
import { currentSettings } from '#app/models/settings.ts';
import { isVisible } from '#app/models/article/visibility.ts';
import { absoluteUrl, articlePath } from '#app/helpers/permalinks.ts';
import { linkTargets } from '#app/webmention/links.ts';
import { notifyTarget, type Outcome } from '#app/webmention/notify.ts';

/** Pages notified at once: enough to finish a long article well within the outbox's claim. */
const parallel = 4;

type SentWebmention = Prisma.SentWebmentionGetPayload<object>;

export async function sendArticleWebmentions(row: Row, context: MonitorContext): Promise<void> {
  if (!(await currentSettings()).webmentions) return;
  if (row.body.startsWith('{')) return sendDeletionNotice(row.body, context);
  // Taken before the article is read: an edit saved while this runs is newer, and its own row sends it again.
  const started = new Date();
  const article = await db.article.findUnique({ where: { id: Number(row.body) } });
  if (!article) return; // deleted: its own rows (queueDeletionNotices) told the pages
  const now = context.clock.now();
  // Rescheduled since: the save that did it moved this article's waiting row (or queued one) to its new time.
  if (article.state === 'published' && article.publishedAt && article.publishedAt > now) return;
  const { baseUrl } = context.config;
  const source = absoluteUrl(baseUrl, articlePath(article));
  // An article readers can no longer see links nowhere: every page it mentioned hears it is gone.
  const targets = isVisible(article, now) ? linkTargets(article.excerptHtml + article.bodyHtml, baseUrl) : [];
  const due = await recordTargets(article, targets);
  const failures: string[] = [];
  for (let i = 0; i < due.length; i += parallel) {
    const outcomes = await Promise.all(
      due.slice(i, i + parallel).map(async (sent) => {
        const outcome = await notifyTarget(source, sent.target, context.config.outbound);
        await recordOutcome(sent, outcome, started);
        return outcome;
      }),
    );
    failures.push(...outcomes.flatMap((o, j) => (o.transient ? [`${due[i + j]!.target}: ${o.error}`] : [])));
  }
  if (failures.length)
    throw new Error(`${failures.length} of ${due.length} webmentions to retry (${failures.slice(0, 3).join('; ')})`);
}

/**
 * Brings the article's rows in line with its links (new ones linked, gone
 * ones unlinked) and returns those to send now: linked ones this revision
 * has not reached, and unlinked ones that once reached an endpoint (a page
 * that never had one is simply forgotten).
 */
async function recordTargets(article: Article, targets: string[]): Promise<SentWebmention[]> {
  const rows = await db.sentWebmention.findMany({ where: { articleId: article.id } });
  const known = new Set(rows.map((row) => row.target));
  const linked = new Set(targets);
  for (const target of targets.filter((t) => !known.has(t)))
    await db.sentWebmention.upsert({
      where: { articleId_target: { articleId: article.id, target } },
      create: { articleId: article.id, target },
      update: { linked: true },
    });
  const gone = rows.filter((row) => !linked.has(row.target));
  const forgotten = gone.filter((row) => row.endpoint === '').map((row) => row.id);
  await db.sentWebmention.deleteMany({ where: { id: { in: forgotten } } });
  await db.sentWebmention.updateMany({
    where: { id: { in: gone.map((row) => row.id) }, linked: true },
    data: { linked: false },
  });
  await db.sentWebmention.updateMany({
    where: { articleId: article.id, target: { in: targets }, linked: false },
    data: { linked: true },
  });
  return (await db.sentWebmention.findMany({ where: { articleId: article.id }, orderBy: { id: 'asc' } })).filter(
    (row) => !row.linked || row.sentAt === null || row.sentAt < article.updatedAt,
  );
}

/** A final answer is kept with its time; an unlinked page that got its last word is forgotten. */
async function recordOutcome(sent: SentWebmention, outcome: Outcome, started: Date): Promise<void> {
  if (!sent.linked && !outcome.transient) {
    await db.sentWebmention.deleteMany({ where: { id: sent.id } });
    return;
  }
  await db.sentWebmention.updateMany({
    where: { id: sent.id },
    data: {
      status: outcome.status,
      endpoint: outcome.endpoint ?? sent.endpoint,
      lastError: outcome.error ?? '',
      ...(outcome.transient ? {} : { sentAt: started }),
    },
  });
}

async function sendDeletionNotice(body: string, context: MonitorContext): Promise<void> {
  const notice = JSON.parse(body) as { source: string; target: string; endpoint: string };
  const source = absoluteUrl(context.config.baseUrl, notice.source);
  const outcome = await notifyTarget(source, notice.target, context.config.outbound, notice.endpoint);
  if (outcome.transient) throw new Error(outcome.error);
}
