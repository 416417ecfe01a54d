/**
 * A WordPress post body (content:encoded) as the HTML WordPress showed.
 *
 * Classic-editor bodies are stored without paragraphs: WordPress adds them
 * when it shows a post (wpautop), so this does too, with WordPress's own
 * port of it (@wordpress/autop). Block-editor (Gutenberg) bodies are final
 * HTML between <!-- wp:... --> comments: the comments go, the HTML stays,
 * untouched by wpautop; only text between blocks (classic content pasted
 * into a block post) gets paragraphs. Shortcodes are expanded in both, as
 * WordPress did after wpautop, with the same unwrapping of <p>[code]</p>.
 */
import { autop } from '@wordpress/autop';
import type { BodyContext } from '#app/importers/sources/wxr/body/context.ts';
import { splitBlocks, stripBlockDelimiters, type Segment } from '#app/importers/sources/wxr/body/blocks.ts';
import { expandShortcodes, type Expansion } from '#app/importers/sources/wxr/body/shortcodes.ts';

/** A reusable block reference or a gallery: both show other items of the export. */
const needsLookups = /<!--\s+wp:block\s+\{[^}]*"ref"|\[gallery[\s\]/]/;

/** True when the body refers to other items of the export (a gallery's images, a reusable block), which may come later in the file. */
export function bodyNeedsLookups(raw: string): boolean {
  return needsLookups.test(raw);
}

export function convertBody(raw: string, context: BodyContext, depth = 0): string {
  if (!raw.trim()) return '';
  const segments = splitBlocks(raw);
  if (segments.every((segment) => segment.type === 'freeform')) return classicHtml(raw, context);
  return segments
    .map((segment) => convertSegment(segment, context, depth))
    .filter((html) => html.trim())
    .join('\n\n');
}

function convertSegment(segment: Segment, context: BodyContext, depth: number): string {
  if (segment.type === 'freeform') return segment.html.trim() ? classicHtml(segment.html, context) : '';
  const { name, attrs, html } = segment;
  if (name === 'core/block') {
    const ref = typeof attrs.ref === 'number' || typeof attrs.ref === 'string' ? String(attrs.ref) : '';
    const markup = depth < 3 ? context.reusableBlock(ref) : undefined;
    if (markup !== undefined) return convertBody(markup, context, depth + 1);
    context.note(`reusable block #${ref} is not in the export and was left out`);
    return '';
  }
  if (name === 'core/shortcode') return classicHtml(html, context);
  if (segment.void) {
    if (name === 'core/separator') return '<hr />';
    context.note(`the dynamic block "${name}" (drawn by WordPress when the page was viewed) has no HTML to keep`);
    return '';
  }
  let inner = stripBlockDelimiters(html).trim();
  if (name === 'core/embed' || name.startsWith('core-embed/')) inner = linkEmbed(inner);
  const tokens = new Placeholders();
  return substitute(expandShortcodes(inner, context, tokens.add), tokens);
}

/** wpautop, then shortcodes as WordPress ordered them (do_shortcode runs after wpautop, shortcode_unautop in between). */
function classicHtml(text: string, context: BodyContext): string {
  const tokens = new Placeholders();
  const withTokens = expandShortcodes(text.replace(/\r\n?/g, '\n'), context, tokens.add);
  return autoEmbed(substitute(autop(withTokens), tokens)).trim();
}

/** Shortcode output waits behind an inert token while wpautop runs, so it does not add <p> and <br> inside code or figures. */
class Placeholders {
  private readonly expansions: Expansion[] = [];
  add = (expansion: Expansion): string => `WXRSHORTCODE${this.expansions.push(expansion) - 1}X`;
  take(index: number): Expansion | undefined {
    return this.expansions[index];
  }
}

function substitute(html: string, tokens: Placeholders): string {
  const out = html
    .replace(/<p>\s*WXRSHORTCODE(\d+)X\s*(?:<\/p>|<br \/>)/g, (whole, index: string) => {
      const expansion = tokens.take(Number(index));
      return expansion?.block ? expansion.html : whole;
    })
    .replace(/WXRSHORTCODE(\d+)X/g, (_, index: string) => tokens.take(Number(index))?.html ?? '');
  return out;
}

/** A URL alone on its line was an oEmbed (a video, a tweet): keep it as a link. */
function autoEmbed(html: string): string {
  return html.replace(/<p>\s*(https?:\/\/[^\s<>"]+)\s*<\/p>/g, '<p><a href="$1">$1</a></p>');
}

function linkEmbed(html: string): string {
  return html.replace(
    /(<div class="wp-block-embed__wrapper">)\s*(https?:\/\/[^\s<>"]+)\s*(<\/div>)/,
    '$1<a href="$2">$2</a>$3',
  );
}
