import { describe, it, expect } from 'vitest';
import { renderFeed, feedContentTypes } from '#app/feeds/index.ts';
import { parseAtom, sampleChannel, sampleItem } from './sample-channel.ts';

describe('Atom feed', () => {
  const feed = parseAtom(renderFeed('atom', sampleChannel()));

  it('is an Atom 1.0 document with id, title, subtitle and updated', () => {
    expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(feed.id).toBe('https://blog.example.com/feed.atom');
    expect(feed.title).toBe('Folio Notes');
    expect(feed.subtitle).toBe('Writing about writing');
    expect(feed.updated).toBe('2024-03-04T05:06:07.000Z');
  });

  it('links to itself (rel=self) and to the site (rel=alternate)', () => {
    const links = feed.link.map((link) => [link['@rel'], link['@href']]);
    expect(links).toEqual(
      expect.arrayContaining([
        ['self', 'https://blog.example.com/feed.atom'],
        ['alternate', 'https://blog.example.com/'],
      ]),
    );
  });

  it('has one entry per item with id, link, updated, published and author', () => {
    expect(feed.entry).toHaveLength(2);
    const entry = feed.entry![0]!;
    expect(entry.id).toBe('https://blog.example.com/2024/02/hello-world');
    expect(entry.link[0]!['@href']).toBe('https://blog.example.com/2024/02/hello-world');
    expect(entry.updated).toBe('2024-02-05T11:00:00.000Z');
    expect(entry.published).toBe('2024-02-03T10:20:30.000Z');
    expect(entry.author[0]!.name).toBe('Ada Lovelace');
    expect(entry.category!.map((c) => c['@term'])).toEqual(['Notes', 'Meta']);
    expect(entry.summary!['#text']).toBe('See the older post');
  });

  it('carries the content as type="html" with relative URLs made absolute', () => {
    const content = feed.entry![0]!.content!;
    expect(content['@type']).toBe('html');
    expect(content['#text']).toContain('href="https://blog.example.com/2024/01/older"');
    expect(content['#text']).toContain('src="https://blog.example.com/uploads/2024/cat.png"');
    expect(content['#text']).toContain('href="https://blog.example.com/2024/02/hello-world#fn1"');
    expect(content['#text']).toContain('href="https://other.example/x"');
    expect(content['#text']).not.toMatch(/(?:href|src)="\//);
  });

  it('resolves relative URLs as the item page would, also for a blog under a path', () => {
    const item = sampleItem({
      url: 'https://example.com/blog/2024/02/hello',
      html: '<p><a href="/about">a</a> <a href="../../tags/x">b</a> <img src="/uploads/c.png"> <a href="//cdn.example.net/d">d</a></p>',
    });
    const channel = sampleChannel({ siteUrl: 'https://example.com/blog/', items: [item] });
    const content = parseAtom(renderFeed('atom', channel)).entry![0]!.content!['#text'];
    expect(content).toContain('href="https://example.com/about"');
    expect(content).toContain('href="https://example.com/blog/tags/x"');
    expect(content).toContain('src="https://example.com/uploads/c.png"');
    expect(content).toContain('href="https://cdn.example.net/d"');
  });

  it('is served as application/atom+xml', () => {
    expect(feedContentTypes.atom).toBe('application/atom+xml; charset=utf-8');
  });
});
