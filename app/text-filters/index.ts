import { renderArticleMarkdown, renderCommentMarkdown } from './markdown.ts';
import { educateTypography } from './smartypants.ts';
import { sanitizeArticleHtml, sanitizeCommentHtml } from './sanitize.ts';

export { plainText } from './plain-text.ts';

/** How an article's or page's source text becomes HTML, as stored on the record. */
export type TextFilterName = 'markdown' | 'smartypants-markdown' | 'none';

export const textFilterNames: readonly TextFilterName[] = Object.freeze(['markdown', 'smartypants-markdown', 'none']);

export function isTextFilterName(value: string): value is TextFilterName {
  return (textFilterNames as readonly string[]).includes(value);
}

/**
 * Author content (articles, pages) to safe HTML. Rich HTML is allowed (images,
 * tables, code, headings, figures, blockquotes) but never iframes, scripts,
 * event handlers, style attributes, or javascript:/data: URLs. `none` means
 * the source is already HTML; it is still sanitized.
 */
export function renderArticleHtml(source: string, filter: TextFilterName): string {
  return runPipeline(articlePipelines[filter], source);
}

/**
 * Reader comments to safe HTML: Markdown only (raw HTML is shown escaped), a
 * small set of tags, links marked rel="nofollow ugc", no images.
 */
export function renderCommentHtml(source: string): string {
  return runPipeline(commentPipeline, source);
}

type TextFilter = (text: string) => string;

// The stages in order. Highlighting happens inside the markdown stage (its
// fence hook); sanitizing is always last so no earlier stage can add danger.
const articlePipelines: Record<TextFilterName, readonly TextFilter[]> = {
  markdown: [renderArticleMarkdown, sanitizeArticleHtml],
  'smartypants-markdown': [renderArticleMarkdown, educateTypography, sanitizeArticleHtml],
  none: [sanitizeArticleHtml],
};

const commentPipeline: readonly TextFilter[] = [renderCommentMarkdown, sanitizeCommentHtml];

function runPipeline(stages: readonly TextFilter[], source: string): string {
  return stages.reduce((text, stage) => stage(text), source);
}
