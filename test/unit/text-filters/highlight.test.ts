import { describe, it, expect } from 'vitest';
import { renderArticleHtml } from '#app/text-filters/index.ts';
import { highlightCode } from '#app/text-filters/highlight.ts';

describe('code highlighting', () => {
  it('highlights a fenced TypeScript block with hljs classes that survive sanitizing', () => {
    const html = renderArticleHtml('```ts\nconst answer: number = 42;\n```\n', 'markdown');
    expect(html).toMatch(/^<pre><code class="hljs language-ts">/);
    expect(html).toContain('<span class="hljs-keyword">const</span>');
    expect(html).toContain('<span class="hljs-number">42</span>');
  });

  it('escapes code in an unknown language instead of guessing', () => {
    const html = renderArticleHtml("```klingon\n<b>Qapla'</b> & more\n```\n", 'markdown');
    expect(html).toBe(
      '<pre><code class="hljs language-klingon">&lt;b&gt;Qapla\'&lt;/b&gt; &amp; more\n</code></pre>\n',
    );
  });

  it('escapes code with no language, without highlight spans', () => {
    const html = renderArticleHtml('```\nif (a < b) { return "x"; }\n```\n', 'markdown');
    expect(html).toBe('<pre><code class="hljs">if (a &lt; b) { return "x"; }\n</code></pre>\n');
  });

  it('keeps a hostile fence label out of the markup', () => {
    const html = highlightCode('x', '"><script>alert(1)</script>');
    expect(html).toBe('<pre><code class="hljs">x</code></pre>');
  });

  it('does not throw on code a grammar finds illegal', () => {
    expect(() => highlightCode('}}} <<< ))) """', 'json')).not.toThrow();
  });
});
