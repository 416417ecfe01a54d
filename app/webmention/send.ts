/**
 * PLACEHOLDER (helper "webmention-send" replaces it): the outbox's
 * webmention channel. Sends the article `row.body` names a webmention to
 * every page it links to (and to those it no longer links to), discovering
 * each endpoint through app/net/outbound.ts.
 */
import type { Row } from '#app/notifications/outbox.ts';
import type { MonitorContext } from '#app/monitor/context.ts';

export async function sendArticleWebmentions(row: Row, context: MonitorContext): Promise<void> {
  await Promise.resolve(); // placeholder
  void row;
  void context;
  throw new Error('webmention sending is not built yet');
}
