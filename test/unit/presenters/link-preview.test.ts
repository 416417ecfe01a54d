import { describe, it, expect } from 'vitest';
import { articleDescription, scriptJson } from '#app/presenters/link-preview.ts';
import { presentImage } from '#app/presenters/image.ts';
import { countWords } from '#app/models/article/word-count.ts';

describe('link preview parts', () => {
  it('serialises JSON for a script element: nothing can close it, and it still parses to the same value', () => {
    const value = { headline: '</script><!-- & \u2028\u2029 >' };
    const text = scriptJson(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });

  it('describes by the excerpt, else the first paragraph with text, cut on a word boundary', () => {
    expect(
      articleDescription({ hasMore: true, summaryHtml: '<p>An <em>excerpt</em>.</p>', bodyHtml: '<p>Body.</p>' }),
    ).toBe('An excerpt.');
    expect(
      articleDescription({
        hasMore: false,
        summaryHtml: '',
        bodyHtml: '<p><img src="/a.png" alt=""></p><p>Text &amp; more.</p>',
      }),
    ).toBe('Text & more.');
    const long = articleDescription({
      hasMore: false,
      summaryHtml: '',
      bodyHtml: `<p>${'lorem ipsum '.repeat(40)}</p>`,
    });
    expect(long.length).toBeLessThanOrEqual(200);
    expect(long).toMatch(/(ipsum|lorem)…$/);
  });

  it('offers the stored sizes smaller than the original in the srcset, with their real widths', () => {
    const image = presentImage({ storedName: '2026/12/abc.jpg', width: 1600, height: 1200 }, 'A title');
    expect(image.srcset).toBe(
      '/uploads/2026/12/abc-thumb.jpg 200w, /uploads/2026/12/abc-medium.jpg 800w, /uploads/2026/12/abc.jpg 1600w',
    );
    const small = presentImage({ storedName: '2026/12/s.png', width: 300, height: 600 }, '');
    expect(small.srcset).toBe('/uploads/2026/12/s-thumb.png 100w, /uploads/2026/12/s.png 300w');
    expect(presentImage({ storedName: '2026/12/u.gif', width: null, height: null }, '').srcset).toBe('');
  });

  it('counts the words readers see, in scripts without spaces too', () => {
    expect(countWords('Hello, world — it’s 2026!')).toBe(4);
    expect(countWords('')).toBe(0);
    expect(countWords('日本語の文章です')).toBeGreaterThan(1);
  });
});
