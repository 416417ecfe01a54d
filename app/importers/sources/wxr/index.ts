/**
 * WordPress eXtended RSS (WXR 1.0–1.2, WordPress 2.x to 6.x) as import
 * records, streamed: the file is read in chunks and each item is mapped
 * when its closing tag is read (xml-reader.ts). Order as WordPress writes
 * it: SourceInfo and the old feeds' redirects, authors, categories, tags,
 * then items with their comments. Posts whose bodies show items further on
 * (a [gallery] of attachments listed later, a reusable block) are mapped
 * once the file has been read.
 */
import type { ImportOptions, ImportSource, ReadProgress, SourceItem } from '#app/importers/source.ts';
import {
  authorRecord,
  categoryRecord,
  otherTerm,
  readHeader,
  tagRecord,
} from '#app/importers/sources/wxr/channel-records.ts';
import type { WxrElement } from '#app/importers/sources/wxr/element.ts';
import { itemRecords } from '#app/importers/sources/wxr/item-records.ts';
import { feedAddresses } from '#app/importers/sources/wxr/old-addresses.ts';
import { WxrSite } from '#app/importers/sources/wxr/site.ts';
import { readWxrElements } from '#app/importers/sources/wxr/xml-reader.ts';

export function openWxr(path: string, options: ImportOptions): ImportSource {
  return { items: (onRead) => wxrItems(path, options, onRead) };
}

async function* wxrItems(
  path: string,
  options: ImportOptions,
  onRead?: (progress: ReadProgress) => void,
): AsyncGenerator<SourceItem> {
  const site = new WxrSite(options);
  let started = false;
  for await (const element of readWxrElements(path, onRead)) {
    if (readHeader(element, site)) continue;
    if (!started) {
      started = true;
      yield* opening(site);
    }
    yield* channelRecords(element, site);
  }
  if (!started) yield* opening(site);
  site.fileRead = true;
  for (const item of site.heldBack.splice(0)) yield* itemRecords(item, site);
}

/** SourceInfo, then the site's feeds under their old names. */
function* opening(site: WxrSite): Generator<SourceItem> {
  const address = site.blogAddress.replace(/\/+$/, '');
  yield { kind: 'source', identity: `wordpress:${address}`, title: site.title, link: site.blogAddress };
  for (const feed of feedAddresses(site.basePath)) {
    yield { kind: 'redirect', key: `feed:${feed.from}`, from: feed.from, to: { type: feed.to } };
  }
}

function* channelRecords(element: WxrElement, site: WxrSite): Generator<SourceItem> {
  switch (element.name) {
    case 'item':
      yield* itemRecords(element, site);
      return;
    case 'wp:author': {
      const author = authorRecord(element, site);
      if (author) yield author;
      return;
    }
    case 'wp:category': {
      const category = categoryRecord(element, site);
      if (category) yield category;
      return;
    }
    case 'wp:tag': {
      const tag = tagRecord(element, site);
      if (tag) yield tag;
      return;
    }
    case 'wp:term':
      yield otherTerm(element);
      return;
    default:
      // Elements plugins add to the channel (rss2_head): not content.
      return;
  }
}
