import { describe, it, expect } from 'vitest';
import { renderArticleHtml } from '#app/text-filters/index.ts';

const smart = (source: string) => renderArticleHtml(source, 'smartypants-markdown');

describe('smartypants filter', () => {
  it('curls double and single quotes, including apostrophes', () => {
    expect(smart("\"Hello,\" she said. It's 'fine'.")).toBe('<p>“Hello,” she said. It’s ‘fine’.</p>\n');
  });

  it('turns -- into an en dash, --- into an em dash and ... into an ellipsis', () => {
    expect(smart('1999--2004 --- and then...')).toBe('<p>1999–2004 — and then…</p>\n');
  });

  it('is off for the plain markdown filter', () => {
    expect(renderArticleHtml('"a" -- b...', 'markdown')).toBe('<p>"a" -- b...</p>\n');
  });

  it('does not touch code spans, code blocks or kbd', () => {
    expect(smart('Run `echo "hi" -- it\'s`, press <kbd>"--"</kbd>.')).toBe(
      '<p>Run <code>echo "hi" -- it\'s</code>, press <kbd>"--"</kbd>.</p>\n',
    );
    const block = smart('```\nconst s = "x" -- \'y\'...;\n```\n');
    expect(block).toContain('const s = "x" -- \'y\'...;');
  });

  it('does not touch attribute values', () => {
    const html = smart('<a href="/a--b" title="it\'s &quot;quoted&quot;">"link"</a>');
    expect(html).toContain('href="/a--b"');
    expect(html).toContain('title="it\'s &quot;quoted&quot;"');
    expect(html).toContain('>“link”</a>');
  });

  it('curls quotes around inline markup', () => {
    expect(smart('"*emphasised*"')).toBe('<p>“<em>emphasised</em>”</p>\n');
  });
});
