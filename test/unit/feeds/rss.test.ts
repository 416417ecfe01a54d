import { describe, it, expect } from 'vitest';
import { renderFeed, feedContentTypes } from '#app/feeds/index.ts';
import { parseRss, sampleChannel, sampleItem } from './sample-channel.ts';

const rssChannel = (overrides = {}) => sampleChannel({ feedUrl: 'https://blog.example.com/feed.rss', ...overrides });

describe('RSS 2.0 feed', () => {
  const rss = parseRss(renderFeed('rss', rssChannel()));
  const channel = rss.channel;

  it('is RSS 2.0 with title, link, description and lastBuildDate', () => {
    expect(rss['@version']).toBe('2.0');
    expect(channel.title).toBe('Folio Notes');
    expect(channel.link).toBe('https://blog.example.com/');
    expect(channel.description).toBe('Writing about writing');
    expect(channel.lastBuildDate).toBe('Mon, 04 Mar 2024 05:06:07 GMT');
  });

  it('links to itself with atom:link rel="self"', () => {
    expect(rss['@xmlns:atom']).toBe('http://www.w3.org/2005/Atom');
    expect(channel['atom:link']).toEqual([
      { '@href': 'https://blog.example.com/feed.rss', '@rel': 'self', '@type': 'application/rss+xml' },
    ]);
  });

  it('also links its Atom twin when the channel names one', () => {
    const alternate = { atom: 'https://blog.example.com/feed.atom?tag=a&b', rss: 'https://blog.example.com/feed.rss' };
    const links = parseRss(renderFeed('rss', rssChannel({ alternate }))).channel['atom:link'];
    expect(links).toEqual([
      { '@href': 'https://blog.example.com/feed.rss', '@rel': 'self', '@type': 'application/rss+xml' },
      { '@href': 'https://blog.example.com/feed.atom?tag=a&b', '@rel': 'alternate', '@type': 'application/atom+xml' },
    ]);
  });

  it('gives each item a link, a permalink guid, an RFC 822 pubDate and its author', () => {
    expect(channel.item).toHaveLength(2);
    const [item] = channel.item!;
    expect(item!.link).toBe('https://blog.example.com/2024/02/hello-world');
    expect(item!.guid).toEqual({ '#text': 'https://blog.example.com/2024/02/hello-world', '@isPermaLink': 'true' });
    expect(item!.pubDate).toBe('Sat, 03 Feb 2024 10:20:30 GMT');
    expect(item!['dc:creator']).toBe('Ada Lovelace');
    expect(item!.category).toEqual(['Notes', 'Meta']);
  });

  it('marks a guid that is not the page URL as no permalink', () => {
    const item = sampleItem({ id: 'https://blog.example.com/articles/42' });
    const parsed = parseRss(renderFeed('rss', rssChannel({ items: [item] }))).channel.item![0]!;
    expect(parsed.guid).toEqual({ '#text': 'https://blog.example.com/articles/42', '@isPermaLink': 'false' });
    expect(parsed.link).toBe('https://blog.example.com/2024/02/hello-world');
  });

  it('carries the full HTML in content:encoded with absolute URLs, and a summary in description', () => {
    const [item] = channel.item!;
    expect(rss['@xmlns:content']).toBe('http://purl.org/rss/1.0/modules/content/');
    expect(item!['content:encoded']).toContain('href="https://blog.example.com/2024/01/older"');
    expect(item!['content:encoded']).toContain('src="https://blog.example.com/uploads/2024/cat.png"');
    expect(item!['content:encoded']).not.toMatch(/(?:href|src)="[/#]/);
    expect(item!.description).toBe('See the older post');
  });

  it('writes a plain-text description from the HTML when the item has no summary', () => {
    expect(channel.item![1]!.description).toBe('Old news');
  });

  it('is served as application/rss+xml', () => {
    expect(feedContentTypes.rss).toBe('application/rss+xml; charset=utf-8');
  });
});
