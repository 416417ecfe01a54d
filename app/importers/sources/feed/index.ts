/**
 * An RSS 2.0, RSS 1.0 (RDF) or Atom 1.0 (and 0.3) feed with full content,
 * from any blog (Folio, Typo, Mephisto, WordPress, ...): each entry becomes a
 * published article with its author and tags, and its link an old address.
 */
import type { ImportOptions, ImportSource, ReadProgress, SourceItem } from '#app/importers/source.ts';
import { ImportInputError } from '#app/importers/source.ts';
import { readChannel, type FeedChannelInfo } from './channel.ts';
import { mapEntry } from './entries.ts';
import { readFeedXml, type XmlElement } from './xml-stream.ts';

export function openFeed(path: string, options: ImportOptions): ImportSource {
  void options;
  return {
    async *items(onRead?: (progress: ReadProgress) => void): AsyncIterable<SourceItem> {
      let isAtom = false;
      let channel: FeedChannelInfo | undefined;
      const seen = new Set<string>();
      const start = function* (element: XmlElement): Generator<SourceItem> {
        channel = readChannel(element, isAtom);
        yield channel.info;
      };
      for await (const event of readFeedXml(path, onRead)) {
        if (event.type === 'root') {
          isAtom = checkRoot(event.element);
          continue;
        }
        if (!channel) yield* start(event.channel);
        const { authors, terms, article } = mapEntry(event.element, {
          isAtom,
          siteLink: channel!.info.link,
          origin: channel!.origin,
          feedAuthor: channel!.feedAuthor,
        });
        for (const record of [...authors, ...terms]) {
          if (seen.has(record.key)) continue;
          seen.add(record.key);
          yield record;
        }
        if (seen.has(article.key)) {
          yield {
            kind: 'skipped',
            key: article.key,
            what: 'item',
            title: article.title,
            reason: 'the feed lists it twice',
          };
          continue;
        }
        seen.add(article.key);
        yield article;
      }
      if (!channel) throw new ImportInputError('the feed has no items to import');
      yield* channel.redirects;
      yield { kind: 'note', message: 'a feed holds only what it showed: comments, drafts and pages are not in it' };
    },
  };
}

/** True for Atom; throws for what is not a feed (including WordPress's WXR, which is RSS underneath). */
function checkRoot(root: XmlElement): boolean {
  if (root.name === 'atom:feed' || root.name === 'atom03:feed') return true;
  if (root.name === ':rss' || root.name === 'rdf:RDF') {
    if (Object.values(root.attributes).some((value) => value.startsWith('http://wordpress.org/export/'))) {
      throw new ImportInputError('this is a WordPress export (WXR), not a feed: import it with the wxr format');
    }
    return false;
  }
  throw new ImportInputError(
    `this XML is not an RSS or Atom feed (its root element is <${root.name.replace(/^:/, '')}>)`,
  );
}
