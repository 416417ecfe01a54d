import type MarkdownIt from 'markdown-it';
import { lazy, once } from '#app/lazy.ts';
import { highlightCode } from './highlight.ts';

// Loaded by the first render (a save, a preview, a comment), never by reader pages.
const loadMarkdownIt = lazy<typeof MarkdownIt>('markdown-it');

/**
 * Markdown for author content: raw HTML passes through (the sanitizer runs
 * after), bare URLs become links, fenced code is highlighted. Typography is
 * left to the smartypants filter so authors can choose it per article.
 */
export function renderArticleMarkdown(source: string): string {
  return articleMarkdown().render(source);
}

/**
 * Markdown for reader comments: raw HTML is escaped, not rendered, and single
 * newlines become line breaks, as people expect when typing in a text box.
 */
export function renderCommentMarkdown(source: string): string {
  return commentMarkdown().render(source);
}

// Each built once, on first use: seeding renders 100 000 articles.
const articleMarkdown = once(() => {
  const markdown = new (loadMarkdownIt())({
    html: true,
    linkify: true,
    typographer: false,
    highlight: (code, language) => highlightCode(code, language),
  });
  // markdown-it turns " into &quot; in text, which hides the quotes from
  // smartypants. A bare " is valid in HTML text, and the sanitizer re-escapes
  // whatever it needs to.
  markdown.renderer.rules.text = (tokens, index) => escapeTextOnly(tokens[index]?.content ?? '');
  return markdown;
});

const commentMarkdown = once(
  () =>
    new (loadMarkdownIt())({
      html: false,
      linkify: true,
      typographer: false,
      breaks: true,
    }),
);

function escapeTextOnly(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
