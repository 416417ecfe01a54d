/**
 * Streams a WXR file: reads it in chunks, decodes them in the file's own
 * encoding, feeds them to sax (strict), and yields each child of <channel>
 * as a small tree when it closes. Nothing else of the file is kept, so a
 * 100 MB export reads in the memory of its largest item.
 *
 * Anything that is not a well-formed WordPress export stops with an
 * ImportInputError naming the line and column: malformed XML, a file that
 * ends early, XML of another kind (an RSS feed without WordPress's wp:
 * namespace, an Atom feed, a Ghost JSON file).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import sax from 'sax';
import { ImportInputError, type ReadProgress } from '#app/importers/source.ts';
import { htmlEntities, type WxrElement } from '#app/importers/sources/wxr/element.ts';

/** WordPress's export namespaces: 1.0 (WordPress 2.x) to 1.2; accept any 1.x. */
const wxrNamespace = /^https?:\/\/wordpress\.org\/export\/1\.\d+\/?$/;

export async function* readWxrElements(
  path: string,
  onRead?: (progress: ReadProgress) => void,
): AsyncGenerator<WxrElement> {
  const total = (await stat(path)).size;
  const parser = sax.parser(true, { trim: false, normalize: false, position: true });
  // Real exports carry HTML entities (&nbsp;, &eacute;) outside CDATA; an XML parser that refused them would refuse real files.
  Object.assign(parser.ENTITIES, htmlEntities);
  const done: WxrElement[] = [];
  const open: WxrElement[] = [];
  const names: string[] = [];
  let closedRoot = false;
  const where = (): [number, number] => [parser.line + 1, Math.max(parser.column, 1)];

  parser.onerror = (error) => {
    const reason = error.message.split('\n')[0] ?? 'malformed XML';
    throw new ImportInputError(`the file is not well-formed XML (${reason})`, ...where());
  };
  parser.onopentag = (tag) => {
    const attrs = tag.attributes as Record<string, string>;
    if (names.length === 0) checkRoot(tag.name, attrs, where());
    if (names.length === 1 && tag.name !== 'channel') {
      throw new ImportInputError(`expected <channel> inside <rss>, found <${tag.name}>`, ...where());
    }
    names.push(tag.name);
    if (names.length >= 3) {
      const element: WxrElement = { name: tag.name, attrs, text: '', children: [], line: parser.line + 1 };
      open.at(-1)?.children.push(element);
      open.push(element);
    }
  };
  parser.onclosetag = () => {
    names.pop();
    if (names.length >= 2) {
      const element = open.pop();
      if (names.length === 2 && element) done.push(element);
    } else if (names.length === 0) {
      closedRoot = true;
    }
  };
  const addText = (text: string) => {
    const element = open.at(-1);
    if (element) element.text += text;
  };
  parser.ontext = addText;
  parser.oncdata = addText;

  let decoder: TextDecoder | undefined;
  let read = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
    decoder ??= decoderFor(chunk);
    read += chunk.length;
    parser.write(decoder.decode(chunk, { stream: true }));
    yield* done.splice(0);
    onRead?.({ done: read, total, unit: 'bytes' });
  }
  parser.write(decoder?.decode() ?? '');
  if (names.length === 0 && !closedRoot) throw new ImportInputError('the file is empty: it has no XML in it');
  if (names.length > 0) {
    throw new ImportInputError(
      `the file ends inside <${names.at(-1)}> before </${names[0]}>: it looks cut short (an interrupted download or export?)`,
      ...where(),
    );
  }
  parser.close();
  yield* done.splice(0);
}

function checkRoot(name: string, attrs: Record<string, string>, at: [number, number]): void {
  if (name !== 'rss') {
    const hint = name === 'feed' ? ' (an Atom feed: import it with the feed format)' : '';
    throw new ImportInputError(`this is not a WordPress export (WXR): its root element is <${name}>${hint}`, ...at);
  }
  if (!wxrNamespace.test(attrs['xmlns:wp'] ?? '')) {
    throw new ImportInputError(
      "this is an RSS feed, not a WordPress export (WXR): it lacks WordPress's wp: namespace (import it with the feed format)",
      ...at,
    );
  }
}

/** The encoding named by a byte-order mark or the XML declaration (old blogs exported ISO-8859-1), else UTF-8. */
function decoderFor(first: Buffer): TextDecoder {
  if (first[0] === 0xff && first[1] === 0xfe) return new TextDecoder('utf-16le');
  if (first[0] === 0xfe && first[1] === 0xff) return new TextDecoder('utf-16be');
  const declared = /^\uFEFF?\s*<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)["']/.exec(
    first.subarray(0, 300).toString('latin1'),
  );
  const label = declared?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(label);
  } catch {
    throw new ImportInputError(`the XML declaration names an encoding this importer cannot read: ${label}`, 1, 1);
  }
}
