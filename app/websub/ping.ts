/**
 * PLACEHOLDER (helper "webmention-send" replaces it): the outbox's websub
 * channel. POSTs hub.mode=publish for each feed URL in `row.body` (JSON
 * array) to the hub `row.recipient`, through app/net/outbound.ts.
 */
import type { Row } from '#app/notifications/outbox.ts';
import type { MonitorContext } from '#app/monitor/context.ts';

export async function pingHub(row: Row, context: MonitorContext): Promise<void> {
  await Promise.resolve(); // placeholder
  void row;
  void context;
  throw new Error('WebSub pings are not built yet');
}
