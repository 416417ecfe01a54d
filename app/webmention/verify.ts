/**
 * PLACEHOLDER (helper "webmention-receive" replaces it): the outbox's
 * webmention-check channel. Fetches the source of the Webmention row
 * `row.body` names (through app/net/outbound.ts), checks it links to the
 * target, parses it (microformats) and creates/updates/removes its comment.
 */
import type { Row } from '#app/notifications/outbox.ts';
import type { MonitorContext } from '#app/monitor/context.ts';

export async function verifyReceivedWebmention(row: Row, context: MonitorContext): Promise<void> {
  await Promise.resolve(); // placeholder
  void row;
  void context;
  throw new Error('webmention checking is not built yet');
}
