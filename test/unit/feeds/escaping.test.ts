import { describe, it, expect } from 'vitest';
import { renderFeed } from '#app/feeds/index.ts';
import type { FeedFormat } from '#app/feeds/index.ts';
import { parseAtom, parseRss, sampleChannel, sampleItem } from './sample-channel.ts';

const FORMATS: FeedFormat[] = ['atom', 'rss'];

// The first item of either format, and its title/summary/content read back.
function firstEntry(format: FeedFormat, xml: string) {
  return format === 'atom' ? firstAtomEntry(xml) : firstRssItem(xml);
}

function firstAtomEntry(xml: string) {
  const feed = parseAtom(xml);
  const entry = feed.entry![0]!;
  return { feed, entry, title: text(entry.title), summary: text(entry.summary), content: text(entry.content) };
}

function firstRssItem(xml: string) {
  const { channel } = parseRss(xml);
  const item = channel.item![0]!;
  return {
    channel,
    item,
    title: text(item.title),
    summary: text(item.description),
    content: text(item['content:encoded']),
  };
}

function text(node: unknown): string {
  return typeof node === 'object' && node !== null ? ((node as Record<string, string>)['#text'] ?? '') : String(node);
}

describe('feed escaping', () => {
  const tricky = sampleItem({
    title: 'Tom & Jerry <3 "quotes" ]]> and ]]> again',
    summary: 'Less < more & so on',
    html: '<p>a ]]> b ]]> c &amp; d &lt;e&gt;</p>',
    categories: ['R&D', 'a<b'],
    authorName: 'Ada & Bob',
  });

  it('Atom writes plain titles and summaries as escaped HTML (type="html"), and keeps HTML content intact', () => {
    const xml = renderFeed('atom', sampleChannel({ title: 'Fish &amp; <Chips>', items: [tricky] }));
    const { feed, entry, title, summary, content } = firstAtomEntry(xml);
    expect(title).toBe('Tom &amp; Jerry &lt;3 "quotes" ]]&gt; and ]]&gt; again');
    expect(entry.title['@type']).toBe('html');
    expect(summary).toBe('Less &lt; more &amp; so on');
    expect(content).toBe('<p>a ]]&gt; b ]]&gt; c &amp; d &lt;e&gt;</p>');
    expect(feed.title).toBe('Fish &amp; <Chips>');
    expect(entry.author[0]!.name).toBe('Ada & Bob');
    expect(entry.category!.map((c) => c['@term'])).toEqual(['R&D', 'ab']);
  });

  it('RSS writes titles as plain text and descriptions as escaped HTML', () => {
    const xml = renderFeed('rss', sampleChannel({ title: 'Fish &amp; <Chips>', items: [tricky] }));
    const { channel, item, title, summary, content } = firstRssItem(xml);
    expect(title).toBe('Tom & Jerry <3 "quotes" ]] > and ]] > again');
    expect(summary).toBe('Less &lt; more &amp; so on');
    expect(content).toBe('<p>a ]]&gt; b ]]&gt; c &amp; d &lt;e&gt;</p>');
    expect(channel.title).toBe('Fish &amp; <Chips>');
    expect(item['dc:creator']).toBe('Ada & Bob');
    expect(item.category).toEqual(['R&D', 'a<b']);
  });

  it.each(FORMATS)('%s: strips characters XML 1.0 forbids, keeping tabs, newlines and emoji', (format) => {
    const dirty = sampleItem({
      title: 'Bell\u0007 and null\u0000 and \u000B\u000C\u001F end\uFFFF',
      summary: 'Summary\u0008 with \ud800lone surrogate',
      html: '<p>Body\u0001 with\ttab\nand 🎉</p>',
      authorName: 'Ada\u001B',
    });
    const xml = renderFeed(format, sampleChannel({ title: 'Site\u0002', subtitle: 'Sub\u0003', items: [dirty] }));
    const { title, summary, content } = firstEntry(format, xml);
    expect(title).toBe('Bell and null and  end');
    expect(summary).toBe('Summary with lone surrogate');
    expect(content).toBe('<p>Body with\ttab\nand 🎉</p>');
  });

  it.each(FORMATS)('%s: an empty channel is still a valid feed dated by the channel', (format) => {
    const xml = renderFeed(format, sampleChannel({ items: [] }));
    if (format === 'atom') {
      const feed = parseAtom(xml);
      expect(feed.updated).toBe('2024-03-04T05:06:07.000Z');
      expect(feed.entry).toBeUndefined();
    } else {
      const { channel } = parseRss(xml);
      expect(channel.lastBuildDate).toBe('Mon, 04 Mar 2024 05:06:07 GMT');
      expect(channel.item).toBeUndefined();
    }
  });

  it.each(FORMATS)('%s: an item with empty HTML still renders', (format) => {
    const xml = renderFeed(format, sampleChannel({ items: [sampleItem({ html: '', summary: undefined })] }));
    expect(firstEntry(format, xml).title).toBe('Hello world');
  });
});
