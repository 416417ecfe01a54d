import { expect } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
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

/** Parses feed XML after checking it is well-formed; repeated elements are always arrays. */
export function parseFeed(xml: string): any {
  expect(XMLValidator.validate(xml)).toBe(true);
  expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
  return parser.parse(xml);
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
