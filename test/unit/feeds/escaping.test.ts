import { describe, it, expect } from 'vitest';
import { renderFeed } from '#app/feeds/index.ts';
import type { FeedFormat } from '#app/feeds/index.ts';
import { parseFeed, sampleChannel, sampleItem } from './sample-channel.ts';

const FORMATS: FeedFormat[] = ['atom', 'rss'];

// The first item of either format, and its title/summary/content read back.
function firstEntry(format: FeedFormat, xml: string) {
  const parsed = parseFeed(xml);
  const entry = format === 'atom' ? parsed.feed.entry[0] : parsed.rss.channel.item[0];
  const text = (node: unknown): string =>
    typeof node === 'object' && node !== null ? ((node as Record<string, string>)['#text'] ?? '') : String(node);
  return {
    parsed,
    title: text(entry.title),
    summary: text(format === 'atom' ? entry.summary : entry.description),
    content: text(format === 'atom' ? entry.content : entry['content:encoded']),
  };
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
    const { parsed, title, summary, content } = firstEntry('atom', xml);
    expect(title).toBe('Tom &amp; Jerry &lt;3 "quotes" ]]&gt; and ]]&gt; again');
    expect(parsed.feed.entry[0].title['@type']).toBe('html');
    expect(summary).toBe('Less &lt; more &amp; so on');
    expect(content).toBe('<p>a ]]&gt; b ]]&gt; c &amp; d &lt;e&gt;</p>');
    expect(parsed.feed.title).toBe('Fish &amp; <Chips>');
    expect(parsed.feed.entry[0].author[0].name).toBe('Ada & Bob');
    expect(parsed.feed.entry[0].category.map((c: Record<string, string>) => c['@term'])).toEqual(['R&D', 'ab']);
  });

  it('RSS writes titles as plain text and descriptions as escaped HTML', () => {
    const xml = renderFeed('rss', sampleChannel({ title: 'Fish &amp; <Chips>', items: [tricky] }));
    const { parsed, title, summary, content } = firstEntry('rss', xml);
    expect(title).toBe('Tom & Jerry <3 "quotes" ]] > and ]] > again');
    expect(summary).toBe('Less &lt; more &amp; so on');
    expect(content).toBe('<p>a ]]&gt; b ]]&gt; c &amp; d &lt;e&gt;</p>');
    expect(parsed.rss.channel.title).toBe('Fish &amp; <Chips>');
    expect(parsed.rss.channel.item[0]['dc:creator']).toBe('Ada & Bob');
    expect(parsed.rss.channel.item[0].category).toEqual(['R&D', 'a<b']);
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
    const parsed = parseFeed(xml);
    if (format === 'atom') {
      expect(parsed.feed.updated).toBe('2024-03-04T05:06:07.000Z');
      expect(parsed.feed.entry).toBeUndefined();
    } else {
      expect(parsed.rss.channel.lastBuildDate).toBe('Mon, 04 Mar 2024 05:06:07 GMT');
      expect(parsed.rss.channel.item).toBeUndefined();
    }
  });

  it.each(FORMATS)('%s: an item with empty HTML still renders', (format) => {
    const xml = renderFeed(format, sampleChannel({ items: [sampleItem({ html: '', summary: undefined })] }));
    expect(firstEntry(format, xml).title).toBe('Hello world');
  });
});
