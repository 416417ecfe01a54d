/**
 * How many words readers see: counted over the body's plain text (never the
 * Markdown source, whose link targets and markup are not read), with the
 * runtime's word segmenter so languages written without spaces count too.
 * Stored on save; reading time is derived from it (presenters/article.ts).
 */
const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

export function countWords(text: string): number {
  let words = 0;
  for (const segment of segmenter.segment(text)) if (segment.isWordLike) words += 1;
  return words;
}
