import { describe, it, expect } from 'vitest';
import { uploadMarkdown, uploadUrl, escapeMarkdown } from '#app/models/upload/links.ts';
import { renderArticleHtml } from '#app/text-filters/index.ts';

const image = {
  storedName: '2026/11/0123456789abcdef.png',
  contentType: 'image/png',
  originalName: 'Sunset at sea.png',
  width: 1600,
  height: 900,
};

describe('upload links', () => {
  it('addresses the original and its variants under /uploads', () => {
    expect(uploadUrl(image)).toBe('/uploads/2026/11/0123456789abcdef.png');
    expect(uploadUrl(image, 'thumb')).toBe('/uploads/2026/11/0123456789abcdef-thumb.png');
  });

  it('inserts a large image as its medium copy linked to the original', () => {
    expect(uploadMarkdown(image)).toBe(
      '[![Sunset at sea](/uploads/2026/11/0123456789abcdef-medium.png)](/uploads/2026/11/0123456789abcdef.png)',
    );
  });

  it('inserts a small image as itself', () => {
    expect(uploadMarkdown({ ...image, width: 640, height: 480 })).toBe(
      '![Sunset at sea](/uploads/2026/11/0123456789abcdef.png)',
    );
  });

  it('links PDFs, audio and video by their name', () => {
    expect(
      uploadMarkdown({
        ...image,
        storedName: '2026/11/0123456789abcdef.pdf',
        contentType: 'application/pdf',
        originalName: 'Report 2026.pdf',
        width: null,
        height: null,
      }),
    ).toBe('[Report 2026.pdf](/uploads/2026/11/0123456789abcdef.pdf)');
  });

  it('escapes names that look like Markdown, so they stay text', () => {
    expect(escapeMarkdown('a](javascript:alert(1))[b')).toBe('a\\]\\(javascript:alert\\(1\\)\\)\\[b');
    const markdown = uploadMarkdown({
      ...image,
      storedName: '2026/11/0123456789abcdef.pdf',
      contentType: 'application/pdf',
      originalName: 'x](javascript:alert(1)) *<b>*.pdf',
    });
    const html = renderArticleHtml(markdown, 'markdown');
    expect(html).toContain('href="/uploads/2026/11/0123456789abcdef.pdf"');
    expect(html.match(/<a /g)).toHaveLength(1);
    expect(html).not.toMatch(/href="javascript/);
    expect(html).not.toContain('<b>');
  });
});
