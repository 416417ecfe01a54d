import { describe, expect, it } from 'vitest';
import { parseMention } from '#app/webmention/parse.ts';

const target = 'https://blog.example/2026/12/07/on-counting';
const page = 'https://elsewhere.example/notes/1';
const parse = (body: string) => parseMention(`<!doctype html><html><body>${body}</body></html>`, page, target);

describe('parseMention', () => {
  it('reads in-reply-to given as an h-cite, and the author given as a bare URL', () => {
    const mention = parse(`<div class="h-entry">
      <a class="p-author" href="https://grace.example/">https://grace.example/</a>
      <div class="u-in-reply-to h-cite"><a class="u-url" href="${target}">On counting</a></div>
      <p class="e-content">Agreed.</p></div>`);
    expect(mention).toMatchObject({
      type: 'reply',
      author: { name: 'grace.example', url: 'https://grace.example/' },
      contentHtml: 'Agreed.',
    });
  });

  it('finds the responding entry inside an h-feed, among others', () => {
    const mention = parse(`<div class="h-feed">
      <div class="h-entry"><p class="e-content">Unrelated</p><a class="u-in-reply-to" href="https://other.example/">x</a></div>
      <div class="h-entry"><a class="u-repost-of" href="${target}">x</a><span class="p-author h-card">Ann</span></div>
    </div>`);
    expect(mention).toMatchObject({ type: 'repost', author: { name: 'Ann' } });
  });

  it('takes a bookmark, and a response to another post that only links here as a mention', () => {
    expect(parse(`<div class="h-entry"><a class="u-bookmark-of" href="${target}">x</a></div>`).type).toBe('bookmark');
    expect(
      parse(`<div class="h-entry"><a class="u-like-of" href="https://other.example/">x</a>
        <div class="e-content"><a href="${target}">also this</a></div></div>`).type,
    ).toBe('mention');
  });

  it('falls back to the source host for a page without microformats, and drops unsafe author URLs', () => {
    expect(parse(`<p><a href="${target}">a link</a></p>`)).toEqual({
      type: 'mention',
      author: { name: 'elsewhere.example', url: 'https://elsewhere.example', photo: '' },
      contentHtml: '',
    });
    const mention = parse(`<div class="h-entry"><div class="p-author h-card">
      <a class="p-name u-url" href="javascript:alert(1)">Eve</a><img class="u-photo" src="data:image/png;base64,AA" alt=""></div>
      <a class="u-like-of" href="${target}"></a></div>`);
    expect(mention.author).toEqual({ name: 'Eve', url: '', photo: '' });
  });
});
