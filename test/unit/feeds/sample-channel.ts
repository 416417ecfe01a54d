import { expect } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import type { FeedChannel, FeedItem } from '#app/feeds/index.ts';

/** A two-item channel with relative URLs in its HTML, as a presenter would build it. */
export function sampleChannel(overrides: Partial<FeedChannel> = {}): FeedChannel {
  return {
    title: 'Folio Notes',
    subtitle: 'Writing about writing',
    siteUrl: 'https://blog.example.com/',
    feedUrl: 'https://blog.example.com/feed.atom',
    updatedAt: new Date('2024-03-04T05:06:07Z'),
    items: [
      sampleItem(),
      sampleItem({
        id: 'https://blog.example.com/2024/01/older',
        url: 'https://blog.example.com/2024/01/older',
        title: 'Older',
        publishedAt: new Date('2024-01-01T09:00:00Z'),
        updatedAt: new Date('2024-01-01T09:00:00Z'),
        html: '<p>Old news</p>',
        summary: undefined,
        categories: undefined,
      }),
    ],
    ...overrides,
  };
}

export function sampleItem(overrides: Partial<FeedItem> = {}): FeedItem {
  return {
    id: 'https://blog.example.com/2024/02/hello-world',
    url: 'https://blog.example.com/2024/02/hello-world',
    title: 'Hello world',
    publishedAt: new Date('2024-02-03T10:20:30Z'),
    updatedAt: new Date('2024-02-05T11:00:00Z'),
    authorName: 'Ada Lovelace',
    html: '<p>See <a href="/2024/01/older">the older post</a> and <img src="/uploads/2024/cat.png" alt="cat"> <a href="#fn1">1</a> <a href="https://other.example/x">out</a></p>',
    summary: 'See the older post',
    categories: ['Notes', 'Meta'],
    ...overrides,
  };
}

/** An Atom document's <feed>, as the tests read it (checked, so a missing element fails here with its path). */
export function parseAtom(xml: string): AtomFeed {
  return atomDocument.parse(parseFeed(xml)).feed;
}

/** An RSS document's <rss>, as the tests read it. */
export function parseRss(xml: string): RssDocument {
  return rssDocument.parse(parseFeed(xml)).rss;
}

export type AtomFeed = z.infer<typeof atomFeed>;
export type RssDocument = z.infer<typeof rssElement>;

/** Parses feed XML after checking it is well-formed; repeated elements are always arrays. */
function parseFeed(xml: string): unknown {
  expect(XMLValidator.validate(xml)).toBe(true);
  expect(charactersXmlForbids(xml)).toEqual([]);
  return parser.parse(xml) as unknown;
}

/** Control characters other than tab, newline and carriage return, and the two non-characters U+FFFE and U+FFFF. */
function charactersXmlForbids(xml: string): string[] {
  return [...xml].filter((character) => {
    const code = character.charCodeAt(0);
    return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0xfffe || code === 0xffff;
  });
}

// RSS <link> is text and single; Atom <link> carries attributes and repeats.
const REPEATED = new Set(['entry', 'item', 'category', 'atom:link', 'author']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name, path) => REPEATED.has(name) || (name === 'link' && String(path).startsWith('feed.')),
});

// Loose objects: elements and attributes the schema does not name are kept, so `toEqual` still sees them.
const htmlText = z.looseObject({ '#text': z.string().optional(), '@type': z.string() });

const atomEntry = z.looseObject({
  id: z.string(),
  title: htmlText,
  link: z.array(z.looseObject({ '@href': z.string() })),
  updated: z.string(),
  published: z.string(),
  summary: htmlText.optional(),
  content: htmlText.optional(),
  author: z.array(z.looseObject({ name: z.string() })),
  category: z.array(z.looseObject({ '@term': z.string() })).optional(),
});

const atomFeed = z.looseObject({
  '@xmlns': z.string(),
  id: z.string(),
  title: z.string(),
  subtitle: z.string().optional(),
  updated: z.string(),
  link: z.array(z.looseObject({ '@rel': z.string(), '@href': z.string() })),
  entry: z.array(atomEntry).optional(),
});

const atomDocument = z.object({ feed: atomFeed });

const rssItem = z.looseObject({
  title: z.string(),
  link: z.string(),
  guid: z.looseObject({ '#text': z.string(), '@isPermaLink': z.string() }),
  pubDate: z.string(),
  'dc:creator': z.string().optional(),
  category: z.array(z.string()).optional(),
  description: z.string().optional(),
  'content:encoded': z.string().optional(),
});

const rssElement = z.looseObject({
  '@version': z.string(),
  '@xmlns:atom': z.string(),
  '@xmlns:content': z.string().optional(),
  channel: z.looseObject({
    title: z.string(),
    link: z.string(),
    description: z.string(),
    lastBuildDate: z.string(),
    'atom:link': z.array(z.looseObject({ '@href': z.string(), '@rel': z.string(), '@type': z.string() })),
    item: z.array(rssItem).optional(),
  }),
});

const rssDocument = z.object({ rss: rssElement });
