import { Feed } from 'feed';
import type { Extension, Item } from 'feed';
import type { FeedChannel, FeedItem } from './index.ts';
import { attributeUrl, elementText, htmlCdata, htmlCdataFromText, plainCdata, urlText } from './escaping.ts';
import { absolutizeUrls } from './absolute-urls.ts';
import { plainText } from '#app/text-filters/index.ts';
import { GENERATOR } from './generator.ts';

/** RSS 2.0: channel link, atom:link rel="self", guid, RFC 822 pubDate, content:encoded and description. */
export function rssXml(channel: FeedChannel): string {
  const feed = new Feed({
    title: elementText(channel.title),
    description: elementText(channel.subtitle ?? channel.title),
    link: urlText(channel.siteUrl),
    feed: urlText(channel.feedUrl),
    // With the alternate link, atomLinks writes every atom:link (the hub's too).
    hub: channel.hub === undefined || channel.alternate ? undefined : urlText(channel.hub),
    updated: channel.updatedAt,
    generator: GENERATOR,
  });
  if (channel.alternate) feed.addExtension(atomLinks(channel.feedUrl, channel.alternate.atom, channel.hub));
  for (const item of channel.items) feed.addItem(rssItem(item));
  return feed.rss2();
}

const SUMMARY_LENGTH = 300;

function rssItem(item: FeedItem): Item {
  const html = htmlCdata(absolutizeUrls(item.html, item.url));
  return {
    title: plainCdata(item.title),
    link: urlText(item.url),
    // Without id or guid the library writes the link as guid isPermaLink="true";
    // an id that is not the page URL is still unique, but not a permalink.
    ...(item.id === item.url ? {} : { guid: urlText(item.id) }),
    date: item.updatedAt,
    published: item.publishedAt,
    description: htmlCdataFromText(item.summary ?? plainText(item.html, SUMMARY_LENGTH)),
    content: html === '' ? undefined : html,
    category: item.categories?.map((name) => ({ name: elementText(name) })),
    // RSS <author> must be an e-mail address; dc:creator takes a name. The dc
    // namespace is declared by the library whenever content:encoded is present.
    extensions: html === '' ? [] : [{ name: 'dc:creator', objects: { _text: elementText(item.authorName) } }],
  };
}

// The library writes one atom:link (self); an extension of the same name
// replaces it, so both links are listed here.
function atomLinks(feedUrl: string, atomUrl: string, hub: string | undefined): Extension {
  const links = [
    { _attributes: { href: attributeUrl(feedUrl), rel: 'self', type: 'application/rss+xml' } },
    { _attributes: { href: attributeUrl(atomUrl), rel: 'alternate', type: 'application/atom+xml' } },
    ...(hub === undefined ? [] : [{ _attributes: { href: attributeUrl(hub), rel: 'hub' } }]),
  ];
  return { name: 'atom:link', objects: links as unknown as Record<string, unknown> };
}
