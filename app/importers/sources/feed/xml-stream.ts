/**
 * A feed read as it streams, with the installed sax parser (which counts
 * lines and columns): each <item> or <entry> arrives as a small element tree
 * once it closes, so a feed of any size is never held whole. Namespaces are
 * resolved here, leniently: a prefix the feed forgot to declare is kept as
 * its own name rather than failing the import, as real feeds do that.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import sax from 'sax';
import { ImportInputError, type ReadProgress } from '#app/importers/source.ts';

export interface XmlElement {
  /** "namespace-alias:local", e.g. "atom:entry", "content:encoded", ":item" for no namespace. */
  name: string;
  attributes: Record<string, string>;
  children: (XmlElement | string)[];
}

const NAMESPACES: Record<string, string> = {
  'http://www.w3.org/2005/Atom': 'atom',
  'http://purl.org/atom/ns#': 'atom03',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/rss/1.0/': '',
  'http://my.netscape.com/rdf/simple/0.9/': '',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
  'http://www.w3.org/1999/xhtml': 'xhtml',
  'http://rssnamespace.org/feedburner/ext/1.0': 'feedburner',
  'http://wordpress.org/export/1.0/': 'wp',
  'http://wordpress.org/export/1.1/': 'wp',
  'http://wordpress.org/export/1.2/': 'wp',
};

export type FeedEvent =
  { type: 'root'; element: XmlElement } | { type: 'entry'; element: XmlElement; channel: XmlElement };

const ENTRY_NAMES = new Set([':item', 'atom:entry', 'atom03:entry']);

/** Streams the feed at `path`, yielding its root (on open) and each entry (on close). */
export async function* readFeedXml(path: string, onRead?: (progress: ReadProgress) => void): AsyncGenerator<FeedEvent> {
  const { size } = await stat(path);
  const parser = sax.parser(true, { position: true, trim: false, normalize: false });
  const events: FeedEvent[] = [];
  const scopes: Record<string, string>[] = [{ xml: 'xml' }];
  const open: XmlElement[] = [];
  let root: XmlElement | undefined;
  // The element that holds channel-level fields: <channel> (RSS), the root (Atom).
  let channel: XmlElement | undefined;

  parser.onerror = (error) => {
    throw new ImportInputError(`malformed XML: ${error.message.split('\n')[0]}`, parser.line + 1, parser.column + 1);
  };
  parser.onopentag = (tag) => {
    const attributes = tag.attributes as Record<string, string>;
    const scope = { ...scopes[scopes.length - 1] };
    for (const [name, value] of Object.entries(attributes)) {
      if (name === 'xmlns') scope[''] = value;
      else if (name.startsWith('xmlns:')) scope[name.slice(6)] = value;
    }
    scopes.push(scope);
    const colon = tag.name.indexOf(':');
    const prefix = colon === -1 ? '' : tag.name.slice(0, colon);
    const uri = scope[prefix];
    const alias = uri === undefined ? prefix : (NAMESPACES[uri] ?? uri);
    const element: XmlElement = { name: `${alias}:${tag.name.slice(colon + 1)}`, attributes, children: [] };
    const parent = open[open.length - 1];
    if (parent) parent.children.push(element);
    else {
      root = element;
      events.push({ type: 'root', element });
    }
    if (element.name === ':channel' || (open.length === 0 && element.name.endsWith(':feed'))) channel = element;
    open.push(element);
  };
  const text = (value: string): void => {
    const current = open[open.length - 1];
    if (!current) return;
    const last = current.children[current.children.length - 1];
    if (typeof last === 'string') current.children[current.children.length - 1] = last + value;
    else current.children.push(value);
  };
  parser.ontext = text;
  parser.oncdata = text;
  parser.onclosetag = () => {
    scopes.pop();
    const element = open.pop();
    if (!element || !ENTRY_NAMES.has(element.name)) return;
    // Entries leave the tree as they close: memory stays flat however long the feed.
    const parent = open[open.length - 1];
    parent?.children.splice(parent.children.indexOf(element), 1);
    events.push({ type: 'entry', element, channel: channel ?? root ?? element });
  };

  let done = 0;
  let decoder: TextDecoder | undefined;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    decoder ??= new TextDecoder(declaredEncoding(chunk), { fatal: false });
    parser.write(decoder.decode(chunk, { stream: true }));
    done += chunk.length;
    onRead?.({ done, total: size, unit: 'bytes' });
    yield* events.splice(0);
  }
  if (!root) throw new ImportInputError('the file is empty: expected an RSS or Atom feed');
  parser.write(decoder?.decode() ?? '');
  try {
    parser.close();
  } catch (error) {
    if (error instanceof ImportInputError && open.length) {
      throw new ImportInputError(
        `the file ends inside <${open[open.length - 1]!.name.replace(/^:/, '')}> (truncated?)`,
        parser.line + 1,
        parser.column + 1,
      );
    }
    throw error;
  }
  yield* events.splice(0);
}

// Feeds from Typo's and Mephisto's era were often ISO-8859-1; the XML declaration says so.
function declaredEncoding(head: Buffer): string {
  const declared = /^(?:\uFEFF)?<\?xml[^>]*encoding=["']([\w.-]+)["']/i.exec(
    head.subarray(0, 200).toString('latin1'),
  )?.[1];
  if (!declared) return 'utf-8';
  try {
    new TextDecoder(declared);
    return declared;
  } catch {
    return 'utf-8';
  }
}
