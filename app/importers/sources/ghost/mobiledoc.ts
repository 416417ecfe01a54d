/** Ghost 1–4 bodies: a Mobiledoc document (JSON) rendered to HTML. */
import { escapeHtml } from '../shared/text.ts';
import { renderCard, type RenderContext } from './cards.ts';

type Marker = [type: 0 | 1, openMarkups: number[], closeCount: number, value: string | number];
type Section =
  | [1, string, Marker[]] // markup section: p, h1-h6, blockquote, aside
  | [2, string] // image section
  | [3, string, Marker[][]] // list section
  | [10, number]; // card

interface Mobiledoc {
  atoms?: [string, string, Record<string, unknown>][];
  cards?: [string, Record<string, unknown>][];
  markups?: [string, string[]?][];
  sections?: Section[];
}

const SECTION_TAGS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'aside', 'pull-quote']);
const MARKUP_TAGS = new Set(['a', 'b', 'strong', 'i', 'em', 'u', 's', 'code', 'sub', 'sup', 'del', 'mark']);

export function renderMobiledoc(json: string, context: RenderContext): string {
  const doc = JSON.parse(json) as Mobiledoc;
  return (doc.sections ?? [])
    .map((section) => renderSection(section, doc, context))
    .filter(Boolean)
    .join('\n');
}

function renderSection(section: Section, doc: Mobiledoc, context: RenderContext): string {
  switch (section[0]) {
    case 1: {
      const tag = SECTION_TAGS.has(section[1].toLowerCase()) ? section[1].toLowerCase() : 'p';
      const inner = markers(section[2], doc, context);
      if (!inner && tag === 'p') return '';
      if (tag === 'aside' || tag === 'pull-quote')
        return `<blockquote class="kg-blockquote-alt"><p>${inner}</p></blockquote>`;
      return tag === 'blockquote' ? `<blockquote><p>${inner}</p></blockquote>` : `<${tag}>${inner}</${tag}>`;
    }
    case 2:
      return `<figure><img src="${escapeHtml(section[1])}" alt=""></figure>`;
    case 3: {
      const tag = section[1].toLowerCase() === 'ol' ? 'ol' : 'ul';
      return `<${tag}>${section[2].map((item) => `<li>${markers(item, doc, context)}</li>`).join('')}</${tag}>`;
    }
    case 10: {
      const [name, payload] = doc.cards?.[section[1]] ?? ['missing', {}];
      const html = renderCard(name, payload, context);
      if (html !== undefined) return html;
      context.note(`had a "${name}" card Folio does not know: left out`);
      return '';
    }
    default:
      return '';
  }
}

function markers(list: Marker[], doc: Mobiledoc, context: RenderContext): string {
  const open: string[] = [];
  let html = '';
  for (const [type, openMarkups, closeCount, value] of list) {
    for (const index of openMarkups) {
      const [tagName = 'span', attributes = []] = doc.markups?.[index] ?? [];
      const tag = tagName.toLowerCase();
      if (!MARKUP_TAGS.has(tag)) {
        open.push('');
        continue;
      }
      let attrs = '';
      for (let i = 0; i + 1 < attributes.length; i += 2) {
        if (/^(href|rel|title)$/.test(attributes[i]!)) attrs += ` ${attributes[i]}="${escapeHtml(attributes[i + 1]!)}"`;
      }
      html += `<${tag}${attrs}>`;
      open.push(tag);
    }
    html += type === 0 ? escapeHtml(String(value)) : atom(doc.atoms?.[Number(value)], context);
    for (let i = 0; i < closeCount; i++) {
      const tag = open.pop();
      if (tag) html += `</${tag}>`;
    }
  }
  while (open.length) {
    const tag = open.pop();
    if (tag) html += `</${tag}>`;
  }
  return html;
}

function atom(entry: [string, string, Record<string, unknown>] | undefined, context: RenderContext): string {
  if (!entry) return '';
  const [name, text] = entry;
  if (name === 'soft-return') return '<br>';
  context.note(`had a "${name}" atom: its text was kept`);
  return escapeHtml(text);
}
