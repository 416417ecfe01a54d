/**
 * Gutenberg's block delimiters: <!-- wp:name {"attrs"} --> ... <!-- /wp:name -->,
 * and void blocks <!-- wp:name /-->. The body splits into top-level blocks
 * and the freeform (classic) text between them, as WordPress's own block
 * parser does. Namespaced names ("jetpack/map") keep their namespace; core
 * ones get "core/".
 */

export type Segment =
  | { type: 'freeform'; html: string }
  | { type: 'block'; name: string; attrs: Record<string, unknown>; html: string; void: boolean };

/** A delimiter; attributes are JSON followed by whitespace (Gutenberg escapes "--" inside them). */
const delimiter = /<!--\s+(\/)?wp:([a-z][a-z0-9_-]*(?:\/[a-z][a-z0-9_-]*)?)\s+(?:(\{[\s\S]*?\})\s+)?(\/)?-->/g;

export function splitBlocks(body: string): Segment[] {
  const segments: Segment[] = [];
  let depth = 0;
  let freeformFrom = 0;
  let current: { name: string; attrs: Record<string, unknown>; from: number } | undefined;
  for (const match of body.matchAll(delimiter)) {
    const [whole, closer, rawName = '', rawAttrs, selfClosing] = match;
    const name = rawName.includes('/') ? rawName : `core/${rawName}`;
    const at = match.index;
    if (depth === 0 && !closer) {
      if (at > freeformFrom) segments.push({ type: 'freeform', html: body.slice(freeformFrom, at) });
      const attrs = parseAttrs(rawAttrs);
      if (selfClosing) {
        segments.push({ type: 'block', name, attrs, html: '', void: true });
      } else {
        current = { name, attrs, from: at + whole.length };
        depth = 1;
      }
      freeformFrom = at + whole.length;
    } else if (closer) {
      depth = Math.max(0, depth - 1);
      if (depth === 0 && current) {
        segments.push({
          type: 'block',
          name: current.name,
          attrs: current.attrs,
          html: body.slice(current.from, at),
          void: false,
        });
        current = undefined;
        freeformFrom = at + whole.length;
      }
    } else if (!selfClosing) {
      depth += 1;
    }
  }
  // A block left open (a hand-edited body) keeps its text rather than losing it.
  const restFrom = current ? current.from : freeformFrom;
  if (restFrom < body.length) {
    const rest = body.slice(restFrom);
    segments.push(
      current
        ? { type: 'block', name: current.name, attrs: current.attrs, html: rest, void: false }
        : { type: 'freeform', html: rest },
    );
  }
  return segments;
}

/** The HTML of a block with the delimiters of its inner blocks removed (columns, groups, lists of list items). */
export function stripBlockDelimiters(html: string): string {
  return html.replace(delimiter, '');
}

function parseAttrs(json: string | undefined): Record<string, unknown> {
  if (!json) return {};
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
