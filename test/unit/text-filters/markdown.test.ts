import { describe, it, expect } from 'vitest';
import { renderArticleHtml, textFilterNames, isTextFilterName } from '#app/text-filters/index.ts';

describe('text filter names', () => {
  it('lists the filters an article can choose, and recognises only those', () => {
    expect(textFilterNames).toEqual(['markdown', 'smartypants-markdown', 'none']);
    expect(textFilterNames.every(isTextFilterName)).toBe(true);
    expect(isTextFilterName('textile')).toBe(false);
    expect(isTextFilterName('Markdown')).toBe(false);
    expect(isTextFilterName('')).toBe(false);
  });
});

describe('markdown filter', () => {
  it('renders headings, emphasis, lists, links and paragraphs', () => {
    const html = renderArticleHtml(
      '# Title\n\nSome *em* and **strong** and [a link](/2024/01/post).\n\n- one\n- two\n',
      'markdown',
    );
    expect(html).toBe(
      '<h1>Title</h1>\n' +
        '<p>Some <em>em</em> and <strong>strong</strong> and <a href="/2024/01/post">a link</a>.</p>\n' +
        '<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n',
    );
  });

  it('turns bare URLs into links', () => {
    expect(renderArticleHtml('See https://example.com/x today', 'markdown')).toBe(
      '<p>See <a href="https://example.com/x">https://example.com/x</a> today</p>\n',
    );
  });

  it('leaves typography alone: plain markdown has no typographer', () => {
    expect(renderArticleHtml('"Quoted" -- and it\'s...', 'markdown')).toBe('<p>"Quoted" -- and it\'s...</p>\n');
  });

  it('passes raw HTML written by the author, then sanitizes it', () => {
    const html = renderArticleHtml(
      '<figure><img src="/uploads/a.png" alt="A"><figcaption>Cap</figcaption></figure>\n\nText *here*',
      'markdown',
    );
    expect(html).toBe(
      '<figure><img src="/uploads/a.png" alt="A" /><figcaption>Cap</figcaption></figure>\n<p>Text <em>here</em></p>\n',
    );
  });

  it('keeps table column alignment as align attributes, not style', () => {
    const html = renderArticleHtml('| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n', 'markdown');
    expect(html).toContain('<th align="left">a</th>');
    expect(html).toContain('<th align="center">b</th>');
    expect(html).toContain('<td align="right">3</td>');
    expect(html).not.toContain('style');
  });

  it('treats the source as HTML with the "none" filter: no markdown, still sanitized', () => {
    expect(renderArticleHtml('<p>*not em*</p><script>alert(1)</script>', 'none')).toBe('<p>*not em*</p>');
  });

  it('renders the same source the same way every time (module-level instances keep no state)', () => {
    const source = '## Again\n\n```ts\nlet a = 1;\n```\n';
    expect(renderArticleHtml(source, 'smartypants-markdown')).toBe(renderArticleHtml(source, 'smartypants-markdown'));
  });
});
