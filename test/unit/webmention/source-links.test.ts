import { describe, expect, it } from 'vitest';
import { htmlLinksTo, textLinksTo } from '#app/webmention/source-links.ts';

const target = 'https://blog.example/2026/12/07/on-counting';
const page = 'https://elsewhere.example/notes/1';
const links = (body: string, at = page) => htmlLinksTo(`<!doctype html><html><body>${body}</body></html>`, at, target);

describe('htmlLinksTo', () => {
  it('finds a link, an image, a video or a quotation whose URL resolves to the target', () => {
    expect(links(`<a href="${target}">it</a>`)).toBe(true);
    expect(links(`<img src="${target}" alt="">`)).toBe(true);
    expect(links(`<video src="${target}"></video>`)).toBe(true);
    expect(links(`<blockquote cite="${target}">…</blockquote>`)).toBe(true);
  });

  it('resolves relative links against the page, or its <base>, and normalises the URL', () => {
    expect(links('<a href="/2026/12/07/on-counting">it</a>', 'https://blog.example/other')).toBe(true);
    expect(
      htmlLinksTo(
        '<html><head><base href="https://blog.example/2026/"></head><body><a href="12/07/on-counting">it</a></body></html>',
        page,
        target,
      ),
    ).toBe(true);
    expect(links('<a href="HTTPS://BLOG.EXAMPLE:443/2026/12/07/./on-counting">it</a>')).toBe(true);
    // A link to a part of the article names the article.
    expect(links(`<a href="${target}#comments">it</a>`)).toBe(true);
  });

  it('is not fooled by the URL outside a link, or by a longer URL', () => {
    expect(links(`<p>${target}</p><!-- <a href="${target}"> --><script>"${target}"</script>`)).toBe(false);
    expect(links(`<a href="${target}-two">other</a><a data-href="${target}">x</a>`)).toBe(false);
    expect(htmlLinksTo(`<html><head><link rel="canonical" href="${target}"></head></html>`, page, target)).toBe(false);
  });

  it('survives deeply nested markup', () => {
    expect(links(`${'<div>'.repeat(20_000)}<a href="${target}">deep</a>`)).toBe(true);
  });
});

describe('textLinksTo', () => {
  it('looks for the URL in the text', () => {
    expect(textLinksTo(`see ${target}.`, target)).toBe(true);
    expect(textLinksTo('see the blog', target)).toBe(false);
  });
});
