/**
 * A Mephisto text in its filter, as Folio keeps it. Mephisto stored the
 * rendered HTML beside the source (body_html, excerpt_html): Markdown stays
 * source, so it can be edited; Textile and SmartyPants use Mephisto's own
 * rendering when it is there (else textile-js); plain text is HTML.
 */
import type { ImportedBody } from '#app/importers/records.ts';
import { replaceCodeMacros } from '#app/importers/sources/old-database/html.ts';
import { textileToHtml } from '#app/importers/sources/old-database/textile.ts';

export interface MephistoText {
  source: string;
  html: string;
  filter: string;
}

export async function mephistoBody({
  source,
  html,
  filter,
}: MephistoText): Promise<{ body: ImportedBody; notes: string[] }> {
  const notes: string[] = [];
  if (filter === 'markdown_filter') {
    const { text, unknown } = replaceCodeMacros(source, 'markdown');
    if (!unknown.length) return { body: { format: 'source', source: text, textFilter: 'markdown' }, notes };
    // Macros Folio has no counterpart for: Mephisto's rendering of them is the best record left.
    if (html.trim()) {
      notes.push(`Mephisto's rendering kept (body_html), for its macros ${unknown.map((m) => `<${m}>`).join(', ')}`);
      return { body: { format: 'html', html }, notes };
    }
    notes.push(`macros Folio does not have, left in the text as written: ${unknown.map((m) => `<${m}>`).join(', ')}`);
    return { body: { format: 'source', source: text, textFilter: 'markdown' }, notes };
  }
  if (filter && html.trim()) return { body: { format: 'html', html }, notes };
  const { text, unknown } = replaceCodeMacros(source, 'html');
  if (unknown.length)
    notes.push(`macros Folio does not have, left in the text as written: ${unknown.map((m) => `<${m}>`).join(', ')}`);
  if (filter === 'textile_filter') {
    const result = await textileToHtml(text);
    if (!result.converted) notes.push('Textile kept as plain paragraphs: the textile-js package is not installed');
    return { body: { format: 'html', html: result.html }, notes };
  }
  return { body: { format: 'html', html: text }, notes };
}
