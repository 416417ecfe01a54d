/**
 * Mephisto's tags (by taggings), its uploads (assets, served from
 * /assets/YYYY/M/D/name) and its feed addresses (/feed/atom.xml, one per
 * section, and the comment feeds).
 */
import type { ImportedAttachment, ImportedRedirect, ImportedTerm } from '#app/importers/records.ts';
import type { OldDatabase, Row } from '#app/importers/sources/old-database/types.ts';
import { text, integer, wallClock, utcInstant } from '#app/importers/sources/old-database/cells.ts';
import type { MephistoSite } from '#app/importers/sources/mephisto/site.ts';

export async function mephistoTags(
  db: OldDatabase,
  site: MephistoSite,
): Promise<{ terms: ImportedTerm[]; keysFor: (articleId: number) => string[] }> {
  const terms: ImportedTerm[] = [];
  const keys = new Map<number, string>();
  for (const row of await db.all('tags')) {
    const id = integer(row, 'id') ?? 0;
    const name = text(row, 'name');
    if (!name) continue;
    keys.set(id, `tag:${id}`);
    terms.push({
      kind: 'term',
      key: `tag:${id}`,
      taxonomy: 'tag',
      name,
      slug: name,
      oldAddresses: [`/${site.tagPath}/${name}`],
    });
  }
  const byArticle = new Map<number, string[]>();
  for (const row of await db.all('taggings')) {
    // Articles are tagged as Content (their base class); assets are tagged too, and are not articles.
    if (text(row, 'taggable_type') === 'Asset') continue;
    const key = keys.get(integer(row, 'tag_id') ?? -1);
    const articleId = integer(row, 'taggable_id');
    if (!key || articleId === undefined) continue;
    byArticle.set(articleId, [...(byArticle.get(articleId) ?? []), key]);
  }
  return { terms, keysFor: (articleId) => byArticle.get(articleId) ?? [] };
}

/** Originals only: thumbnails (rows with a parent_id) are made again by Folio. */
export function* mephistoAssets(rows: Row[], site: MephistoSite): Generator<ImportedAttachment> {
  for (const row of rows) {
    if (integer(row, 'parent_id') || (integer(row, 'site_id') ?? site.id) !== site.id) continue;
    const name = text(row, 'filename');
    const created = wallClock(row, 'created_at');
    if (!name || !created) continue;
    const relativePath = `${created.year}/${created.month}/${created.day}/${name}`;
    yield {
      kind: 'attachment',
      key: `asset:${integer(row, 'id')}`,
      url: `${site.link}/assets/${relativePath}`,
      relativePath,
      title: text(row, 'title') || name,
      createdAt: utcInstant(created),
    };
  }
}

/** The site's feeds (any /feed/NAME.xml was the site's articles) and each section's, to Folio's. */
export function* mephistoFeeds(sections: ImportedTerm[]): Generator<ImportedRedirect> {
  yield { kind: 'redirect', key: 'feed:atom', from: '/feed/atom.xml', to: { type: 'feed' } };
  yield { kind: 'redirect', key: 'feed:rss', from: '/feed/rss.xml', to: { type: 'feed' } };
  yield { kind: 'redirect', key: 'feed:comments', from: '/feed/all_comments.xml', to: { type: 'comments-feed' } };
  yield { kind: 'redirect', key: 'feed:home-comments', from: '/feed/comments.xml', to: { type: 'comments-feed' } };
  for (const term of sections) {
    const path = term.oldAddresses?.[0] ?? `/${term.slug}`;
    yield {
      kind: 'redirect',
      key: `feed:${term.key}`,
      from: `/feed${path}/atom.xml`,
      to: { type: 'url', url: `/section/${term.slug}.atom` },
    };
  }
}
