/**
 * Textile, which Typo and Mephisto offered beside Markdown and Folio does
 * not: converted once to HTML at import (textile-js, the maintained Textile
 * parser for JavaScript). Without the package, the text is kept as escaped
 * paragraphs and the caller notes it, so nothing is lost.
 */
import { escapeHtml } from '#app/importers/sources/old-database/html.ts';

type Convert = (source: string) => string;
let converter: Promise<Convert | null> | undefined;

function loadConverter(): Promise<Convert | null> {
  converter ??= import('textile-js').then(
    (module) => (source: string) => module.default.convert(source, { breaks: true }),
    () => null,
  );
  return converter;
}

export interface TextileResult {
  html: string;
  /** False when textile-js was not there and the text became plain paragraphs. */
  converted: boolean;
}

export async function textileToHtml(source: string): Promise<TextileResult> {
  const convert = await loadConverter();
  if (convert) return { html: convert(source), converted: true };
  return { html: plainParagraphs(source), converted: false };
}

export function plainParagraphs(source: string): string {
  return source
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\r?\n/g, '<br>\n')}</p>`)
    .join('\n');
}
