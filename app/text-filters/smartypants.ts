import type * as Smartypants from 'smartypants';
import { lazy } from '#app/lazy.ts';

const loadSmartypants = lazy<typeof Smartypants>('smartypants');

/**
 * Typographic punctuation on rendered HTML: curly quotes, `--` to an en dash,
 * `---` to an em dash, `...` to an ellipsis. The library walks the HTML token
 * by token, so tags and their attributes are passed through untouched, as is
 * everything inside <pre>, <code>, <kbd>, <script> and <math>.
 */
export function educateTypography(html: string): string {
  return loadSmartypants().smartypants(html, OLD_SCHOOL_DASHES);
}

// "2": every transformation on, with `--` as en dash and `---` as em dash.
const OLD_SCHOOL_DASHES = '2';
