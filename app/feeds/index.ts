import { atomXml } from './atom.ts';
import { rssXml } from './rss.ts';

/** One entry of a feed, as a presenter hands it over: plain values, absolute URLs. */
export interface FeedItem {
  /** Absolute URL that never changes for this item; also the RSS guid. */
  id: string;
  /** Plain text (not HTML). */
  title: string;
  /** Absolute URL of the item's page. */
  url: string;
  publishedAt: Date;
  updatedAt: Date;
  authorName: string;
  /** Full content as rendered HTML; relative URLs in it are made absolute here, against `url`. */
  html: string;
  /** Plain text (not HTML), e.g. from plainText(). */
  summary?: string;
  categories?: string[];
}

/** The feed as a whole. `feedUrl` is the URL of the document being rendered (the self link). */
export interface FeedChannel {
  title: string;
  subtitle?: string;
  /** Absolute URL of the HTML page this feed mirrors (home, tag, section...). */
  siteUrl: string;
  /** Absolute URL of this feed. */
  feedUrl: string;
  updatedAt: Date;
  items: FeedItem[];
  /** URLs of the site's feed in each format; the RSS document links its Atom twin. */
  alternate?: { atom: string; rss: string };
  /** The WebSub hub subscribers go to for pushed updates (a link rel="hub"); none when absent. */
  hub?: string;
}

export type FeedFormat = 'atom' | 'rss';

/** Content-Type header values to serve each format with. */
export const feedContentTypes: Record<FeedFormat, string> = Object.freeze({
  atom: 'application/atom+xml; charset=utf-8',
  rss: 'application/rss+xml; charset=utf-8',
});

/** The channel as an XML document in the given format; always well-formed XML 1.0. */
export function renderFeed(format: FeedFormat, channel: FeedChannel): string {
  return format === 'atom' ? atomXml(channel) : rssXml(channel);
}
