/**
 * The outbox's webmention-check channel: fetches the source of the
 * Webmention row `row.body` names (through app/net/outbound.ts, so only
 * public http(s) addresses, bounded in time and size), checks it links to
 * the target, reads it (parse.ts) and creates, updates or removes its
 * comment (record.ts). What may pass (the network, a 5xx, a 429) rejects,
 * and the outbox tries again with back-off; a source that answers, however
 * it answers, settles the row.
 */
import type { Row } from '#app/notifications/outbox.ts';
import type { MonitorContext } from '#app/monitor/context.ts';
import { db } from '#app/models/db.ts';
import { fetchOutbound, OutboundRefused, type OutboundResponse } from '#app/net/outbound.ts';
import { htmlLinksTo, textLinksTo } from '#app/webmention/source-links.ts';
import { parseMention, type ParsedMention } from '#app/webmention/parse.ts';
import { dropMention, recordMention } from '#app/webmention/record.ts';

const accept = 'text/html, application/xhtml+xml;q=0.9, text/plain;q=0.5, */*;q=0.1';

/** Refusals that another try would meet again: the source is bad, not unlucky. */
const lastingRefusals: ReadonlySet<OutboundRefused['reason']> = new Set([
  'scheme',
  'private-address',
  'too-large',
  'too-many-redirects',
]);

export async function verifyReceivedWebmention(row: Row, context: MonitorContext): Promise<void> {
  const mention = await db.webmention.findUnique({ where: { id: Number(row.body) || 0 } });
  // Its article was deleted since (the row went with it): nothing is left to check.
  if (!mention) return;
  let response: OutboundResponse;
  try {
    response = await fetchOutbound(mention.source, context.config.outbound, { headers: { accept } });
  } catch (error) {
    if (error instanceof OutboundRefused && lastingRefusals.has(error.reason))
      return dropMention(mention, 'invalid', `The source was not fetched: ${error.message}`);
    throw error;
  }
  if (response.status === 410 || response.status === 404)
    return dropMention(mention, 'gone', `The source answered ${response.status}: it is gone.`);
  if (response.status >= 500 || response.status === 429 || response.status === 408)
    throw new Error(`the source answered ${response.status}; trying again later`);
  if (response.status < 200 || response.status > 299)
    return dropMention(mention, 'invalid', `The source answered ${response.status}.`);
  const reading = readSource(response, mention.target);
  if (typeof reading === 'string') return dropMention(mention, 'invalid', reading);
  await recordMention(mention, reading, context.config, context.clock.now());
}

/** The mention the source makes, or why it makes none. */
function readSource(response: OutboundResponse, target: string): ParsedMention | string {
  const type = (response.headers.get('content-type') ?? 'text/html').split(';')[0]!.trim().toLowerCase();
  const page = new URL(response.url);
  if (type === 'text/plain') {
    if (!textLinksTo(response.text(), target)) return 'The source does not mention the target.';
    return {
      type: 'mention',
      author: { name: page.host, url: page.origin, photo: '' },
      contentHtml: '',
      published: null,
    };
  }
  if (type !== 'text/html' && type !== 'application/xhtml+xml')
    return `The source is ${type}: only HTML and plain text sources are read.`;
  const html = response.text();
  if (!htmlLinksTo(html, response.url, target)) return 'The source does not link to the target.';
  return parseMention(html, response.url, target);
}
