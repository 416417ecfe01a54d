/**
 * Elements of an HTML document in document order, parsed by parse5 (the
 * browsers' algorithm), so that what Folio reads from a page is what a
 * browser would see: no regular expressions over markup.
 */
import { parse, parseFragment, defaultTreeAdapter } from 'parse5';
import type { DefaultTreeAdapterMap } from 'parse5';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

export interface HtmlElement {
  /** Lower-case tag name. */
  readonly name: string;
  attribute(name: string): string | undefined;
}

/** Every element of a whole document (`fragment` false) or of a fragment, in document order. */
export function* elementsOf(html: string, fragment = false): Generator<HtmlElement> {
  const root = fragment ? parseFragment(html) : parse(html);
  const stack: Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (defaultTreeAdapter.isElementNode(node)) yield wrap(node);
    // A <template>'s markup is parsed into its content, not its children.
    const children: Node[] = 'content' in node ? node.content.childNodes : 'childNodes' in node ? node.childNodes : [];
    for (let i = children.length - 1; i >= 0; i -= 1) stack.push(children[i]!);
  }
}

function wrap(element: Element): HtmlElement {
  return {
    name: element.tagName,
    attribute: (name) => element.attrs.find((attr) => attr.name === name)?.value,
  };
}
