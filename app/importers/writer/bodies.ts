/** An imported body (HTML, or source for one of Folio's filters) as an article's or page's fields. */
import type { ImportedBody } from '#app/importers/records.ts';
import { renderArticleHtml, type TextFilterName } from '#app/text-filters/index.ts';

export function bodyFields(
  body: ImportedBody,
  excerpt?: ImportedBody,
): { bodySource: string; excerpt: string; textFilter: TextFilterName } {
  const textFilter = body.format === 'html' ? 'none' : body.textFilter;
  return { bodySource: textOf(body), excerpt: excerpt ? excerptIn(excerpt, textFilter) : '', textFilter };
}

function textOf(body: ImportedBody): string {
  return body.format === 'html' ? body.html : body.source;
}

/** The excerpt must read through the body's filter: one in another form is rendered to HTML first. */
function excerptIn(excerpt: ImportedBody, textFilter: TextFilterName): string {
  if (excerpt.format === 'html' || excerpt.textFilter === textFilter) return textOf(excerpt);
  return renderArticleHtml(excerpt.source, excerpt.textFilter);
}

/** A title Folio accepts: the old one trimmed to 300 characters, or "Untitled". */
export function usableTitle(title: string): string {
  return title.replace(/\s+/g, ' ').trim().slice(0, 300) || 'Untitled';
}
