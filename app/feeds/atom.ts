import { Feed } from 'feed';
import type { FeedChannel } from './index.ts';
import { attributeText, elementText, htmlCdata, htmlCdataFromText, urlText } from './escaping.ts';
import { absolutizeUrls } from './absolute-urls.ts';
import { GENERATOR } from './generator.ts';

/** Atom 1.0: feed id, self and alternate links, updated; entries with content type="html". */
export function atomXml(channel: FeedChannel): string {
  const feed = new Feed({
    id: urlText(channel.feedUrl),
    title: elementText(channel.title),
    description: channel.subtitle === undefined ? undefined : elementText(channel.subtitle),
    link: urlText(channel.siteUrl),
    feed: urlText(channel.feedUrl),
    hub: channel.hub === undefined ? undefined : urlText(channel.hub),
    updated: channel.updatedAt,
    generator: GENERATOR,
  });
  for (const item of channel.items) {
    feed.addItem({
      id: urlText(item.id),
      link: urlText(item.url),
      // Atom titles and summaries are written type="html", so plain text is escaped first.
      title: htmlCdataFromText(item.title),
      description: item.summary === undefined ? undefined : htmlCdataFromText(item.summary),
      content: htmlCdata(absolutizeUrls(item.html, item.url)),
      date: item.updatedAt,
      published: item.publishedAt,
      author: [{ name: elementText(item.authorName) }],
      category: item.categories?.map((name) => ({ term: attributeText(name), name: attributeText(name) })),
    });
  }
  return feed.atom1();
}
