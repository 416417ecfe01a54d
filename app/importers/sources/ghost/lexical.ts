/** Ghost 5+ bodies: a Lexical editor state (JSON) rendered to HTML. */
import { escapeHtml } from '../shared/text.ts';
import { renderCard, type RenderContext } from './cards.ts';

interface LexicalNode {
  type?: string;
  children?: LexicalNode[];
  [field: string]: unknown;
}

export function renderLexical(json: string, context: RenderContext): string {
  const state = JSON.parse(json) as { root?: LexicalNode };
  return blocks(state.root?.children ?? [], context);
}

function blocks(nodes: LexicalNode[], context: RenderContext): string {
  return nodes
    .map((node) => block(node, context))
    .filter(Boolean)
    .join('\n');
}

function block(node: LexicalNode, context: RenderContext): string {
  const type = node.type ?? '';
  const inner = (): string => inline(node.children ?? [], context);
  switch (type) {
    case 'paragraph':
      return node.children?.length ? `<p>${inner()}</p>` : '';
    case 'heading':
    case 'extended-heading': {
      const tag = /^h[1-6]$/.test(String(node.tag)) ? String(node.tag) : 'h2';
      return `<${tag}>${inner()}</${tag}>`;
    }
    case 'quote':
    case 'extended-quote':
      return `<blockquote><p>${inner()}</p></blockquote>`;
    case 'aside':
      return `<blockquote class="kg-blockquote-alt"><p>${inner()}</p></blockquote>`;
    case 'list':
      return list(node, context);
    default: {
      const html = renderCard(type, node, context);
      if (html !== undefined) return html;
      context.note(`had a "${type}" card Folio does not know: its text was kept where there was any`);
      return node.children?.length ? `<p>${inner()}</p>` : '';
    }
  }
}

function list(node: LexicalNode, context: RenderContext): string {
  const tag = node.listType === 'number' ? 'ol' : 'ul';
  const start = tag === 'ol' && typeof node.start === 'number' && node.start !== 1 ? ` start="${node.start}"` : '';
  const items = (node.children ?? []).map((item) => {
    const children = item.children ?? [];
    // A nested list is a list item holding only that list.
    const content = children
      .map((child) => (child.type === 'list' ? list(child, context) : inline([child], context)))
      .join('');
    return `<li>${content}</li>`;
  });
  return `<${tag}${start}>${items.join('')}</${tag}>`;
}

// Lexical's text format bits, outermost first.
const FORMATS: [number, string][] = [
  [1, 'strong'],
  [2, 'em'],
  [4, 's'],
  [8, 'u'],
  [16, 'code'],
  [32, 'sub'],
  [64, 'sup'],
  [128, 'mark'],
];

function inline(nodes: LexicalNode[], context: RenderContext): string {
  return nodes.map((node) => inlineNode(node, context)).join('');
}

function inlineNode(node: LexicalNode, context: RenderContext): string {
  switch (node.type) {
    case 'text':
    case 'extended-text': {
      const format = typeof node.format === 'number' ? node.format : 0;
      let html = escapeHtml(typeof node.text === 'string' ? node.text : '');
      for (const [bit, tag] of [...FORMATS].reverse()) if (format & bit) html = `<${tag}>${html}</${tag}>`;
      return html;
    }
    case 'link':
    case 'autolink': {
      const rel = typeof node.rel === 'string' && node.rel ? ` rel="${escapeHtml(node.rel)}"` : '';
      return `<a href="${escapeHtml(typeof node.url === 'string' ? node.url : '')}"${rel}>${inline(node.children ?? [], context)}</a>`;
    }
    case 'linebreak':
      return '<br>';
    case 'tab':
      return '\t';
    default:
      // A card inside a paragraph (rare) or an editor-only node: its text.
      return node.children
        ? inline(node.children, context)
        : typeof node.text === 'string'
          ? escapeHtml(node.text)
          : '';
  }
}
