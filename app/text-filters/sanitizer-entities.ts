/**
 * sanitize-html decodes every entity while parsing, then escapes exactly
 * these four on output (in text and attributes alike), so undoing them
 * yields what the author wrote. `&amp;` goes last, or "&amp;lt;" would
 * decode twice.
 */
export function decodeSanitizerEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}
