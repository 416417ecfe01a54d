/** What a feed says about its site: identity, title, address, and the feed addresses to redirect. */
import type { ImportedRedirect } from '#app/importers/records.ts';
import type { SourceInfo } from '#app/importers/source.ts';
import { oldAddressOf } from '../shared/text.ts';
import { child, childText, children, textOf } from './elements.ts';
import type { XmlElement } from './xml-stream.ts';

export interface FeedChannelInfo {
  info: SourceInfo;
  /** The site's origin ("https://old.example"), to tell its own links from others'. */
  origin: string | undefined;
  /** Authors named once for the whole feed (Atom), inherited by entries without their own. */
  feedAuthor: XmlElement | undefined;
  redirects: ImportedRedirect[];
}

/** Atom's link of a given rel ("alternate" when none is written). */
export function atomLink(element: XmlElement, rel: string): string | undefined {
  const links = children(element, 'atom:link', 'atom03:link').filter(
    (link) => (link.attributes.rel ?? 'alternate') === rel,
  );
  const html = links.find((link) => !link.attributes.type || /html/.test(link.attributes.type));
  return (html ?? links[0])?.attributes.href;
}

export function readChannel(channel: XmlElement, isAtom: boolean): FeedChannelInfo {
  const title = isAtom
    ? textOf(child(channel, 'atom:title', 'atom03:title')).trim()
    : childText(channel, ':title', 'dc:title');
  const link = (isAtom ? atomLink(channel, 'alternate') : childText(channel, ':link')) ?? '';
  const self = isAtom
    ? atomLink(channel, 'self')
    : children(channel, 'atom:link').find((l) => l.attributes.rel === 'self')?.attributes.href;
  const atomId = isAtom ? childText(channel, 'atom:id', 'atom03:id') : '';
  const identity = `feed:${atomId || link.replace(/\/+$/, '') || self || title}`;
  const origin = originOf(link) ?? originOf(self);
  const redirects: ImportedRedirect[] = [];
  const selfPath = self && (!origin || originOf(self) === origin) ? oldAddressOf(self) : undefined;
  if (selfPath && selfPath !== '/') {
    redirects.push({ kind: 'redirect', key: `redirect:${selfPath}`, from: selfPath, to: { type: 'feed' } });
  }
  for (const path of engineFeeds(generator(channel))) {
    if (path.from !== selfPath)
      redirects.push({ kind: 'redirect', key: `redirect:${path.from}`, from: path.from, to: { type: path.to } });
  }
  return {
    info: { kind: 'source', identity, title: title || link || 'Feed', link },
    origin,
    feedAuthor: isAtom ? child(channel, 'atom:author', 'atom03:author') : undefined,
    redirects,
  };
}

export function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol.startsWith('http') ? parsed.host.replace(/^www\./, '') : undefined;
  } catch {
    return undefined;
  }
}

function generator(channel: XmlElement): string {
  const element = child(channel, ':generator', 'atom:generator', 'atom03:generator');
  return `${textOf(element)} ${element?.attributes.uri ?? ''}`.toLowerCase();
}

/**
 * The feed addresses each engine served, beside the one this file came
 * from: subscribers of any of them keep receiving posts after the move.
 */
function engineFeeds(generatorText: string): { from: string; to: 'feed' | 'comments-feed' }[] {
  if (/typo/.test(generatorText)) {
    return [
      ...[
        '/xml/rss20/feed.xml',
        '/xml/atom10/feed.xml',
        '/xml/rss/feed.xml',
        '/xml/atom/feed.xml',
        '/articles.rss',
        '/articles.atom',
      ].map((from) => ({ from, to: 'feed' as const })),
      { from: '/xml/rss20/comments/feed.xml', to: 'comments-feed' },
      { from: '/xml/atom10/comments/feed.xml', to: 'comments-feed' },
    ];
  }
  if (/mephisto/.test(generatorText)) {
    return [
      { from: '/feed/atom.xml', to: 'feed' },
      { from: '/feed', to: 'feed' },
      { from: '/feed/all_comments.xml', to: 'comments-feed' },
    ];
  }
  if (/wordpress/.test(generatorText)) {
    return [
      { from: '/feed', to: 'feed' },
      { from: '/feed/atom', to: 'feed' },
      { from: '/comments/feed', to: 'comments-feed' },
    ];
  }
  return [];
}
