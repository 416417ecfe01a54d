import type hljsModule from 'highlight.js';
import { lazy } from '#app/lazy.ts';

// Only saving, previewing and commenting render Markdown; reader pages never do.
const loadHighlightJs = lazy<typeof hljsModule>('highlight.js');

/**
 * Highlights one fenced code block and returns the whole `<pre><code>` element,
 * so markdown-it uses it as is. A known language gets highlight.js markup with
 * `hljs language-<name>` classes; an unknown or missing one gets escaped plain
 * code. We never auto-detect: guessing is slow and wrong often enough to mislead.
 */
export function highlightCode(code: string, language: string): string {
  const name = language.trim().toLowerCase();
  const hljs = name === '' ? undefined : loadHighlightJs();
  if (hljs?.getLanguage(name)) {
    const { value } = hljs.highlight(code, { language: name, ignoreIllegals: true });
    return `<pre><code class="hljs language-${name}">${value}</code></pre>`;
  }
  const languageClass = SAFE_LANGUAGE.test(name) ? ` language-${name}` : '';
  return `<pre><code class="hljs${languageClass}">${escapeHtml(code)}</code></pre>`;
}

// An unknown fence label is kept as a class for client-side tools, but only
// when it cannot break out of the attribute.
const SAFE_LANGUAGE = /^[a-z0-9][a-z0-9_+#.-]{0,40}$/;

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
