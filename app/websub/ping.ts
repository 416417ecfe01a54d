/**
 * The outbox's websub channel: tells the hub (the row's recipient) that
 * feeds changed, as WebSub's publishers do: one form-encoded POST of
 * hub.mode=publish&hub.url=<feed> per feed (the row's body, a JSON array of
 * paths under BASE_URL or absolute URLs). The hub then fetches the feeds and
 * pushes them to its subscribers. Any answer but 2xx rejects, so the outbox
 * tries again later.
 */
import type { Row } from '#app/notifications/outbox.ts';
import type { MonitorContext } from '#app/monitor/context.ts';
import { fetchOutbound } from '#app/net/outbound.ts';
import { absoluteUrl } from '#app/helpers/permalinks.ts';

export async function pingHub(row: Row, context: MonitorContext): Promise<void> {
  const feeds = (JSON.parse(row.body) as string[]).map((feed) =>
    /^https?:\/\//.test(feed) ? feed : absoluteUrl(context.config.baseUrl, feed),
  );
  for (const feed of feeds) {
    const response = await fetchOutbound(row.recipient, context.config.outbound, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': feed }).toString(),
      redirect: 'manual',
      maxBytes: 64 * 1024,
    });
    if (response.status < 200 || response.status >= 300)
      throw new Error(`the hub answered ${response.status} for ${feed}`);
  }
}
