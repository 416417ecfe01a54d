/**
 * Where a redirect sends a reader. A record target (an imported article,
 * say) is resolved when the request comes, so a renamed or re-dated article
 * takes its old links along; a target readers may not see (a draft, a
 * scheduled or deleted article, a deleted page) sends nobody anywhere: 404.
 */
import { db } from '#app/models/db.ts';
import { visibleWhere } from '#app/models/article/visibility.ts';
import { showingSections } from '#app/models/page.ts';
import { articlePath, authorPath, canonicalPagePath, sectionPath, tagPath } from '#app/helpers/permalinks.ts';

export const targetTypes = ['url', 'article', 'page', 'section', 'tag', 'author', 'feed', 'comments-feed'] as const;
export type TargetType = (typeof targetTypes)[number];

export interface RedirectTarget {
  id: number;
  targetType: string;
  targetId: number | null;
  toUrl: string;
}

/** Every target's current address (a path on this blog or an absolute URL) by redirect id; null when there is none. */
export async function currentTargets(
  redirects: readonly RedirectTarget[],
  now: Date,
): Promise<Map<number, string | null>> {
  const idsOf = (type: TargetType) => [
    ...new Set(redirects.flatMap((r) => (r.targetType === type && r.targetId !== null ? [r.targetId] : []))),
  ];
  const [articles, pages, sections, tags, authors] = await Promise.all([
    some(idsOf('article'), (ids) =>
      db.article.findMany({
        where: { id: { in: ids }, ...visibleWhere(now) },
        select: { id: true, publishedOn: true, slug: true },
      }),
    ),
    some(idsOf('page'), (ids) =>
      db.page.findMany({ where: { id: { in: ids } }, select: { id: true, slug: true, sections: showingSections } }),
    ),
    some(idsOf('section'), (ids) =>
      db.section.findMany({ where: { id: { in: ids } }, select: { id: true, slug: true } }),
    ),
    some(idsOf('tag'), (ids) => db.tag.findMany({ where: { id: { in: ids } }, select: { id: true, slug: true } })),
    some(idsOf('author'), (ids) => db.user.findMany({ where: { id: { in: ids } }, select: { id: true, login: true } })),
  ]);
  const paths: Record<string, Map<number, string>> = {
    article: new Map(articles.map((a) => [a.id, articlePath(a)])),
    page: new Map(pages.map((p) => [p.id, canonicalPagePath(p)])),
    section: new Map(sections.map((s) => [s.id, sectionPath(s.slug)])),
    tag: new Map(tags.map((t) => [t.id, tagPath(t.slug)])),
    author: new Map(authors.map((u) => [u.id, authorPath(u.login)])),
  };
  return new Map(redirects.map((r) => [r.id, targetOf(r, paths)]));
}

function targetOf(redirect: RedirectTarget, paths: Record<string, Map<number, string>>): string | null {
  switch (redirect.targetType) {
    case 'url':
      return redirect.toUrl || null;
    case 'feed':
      return '/articles.atom';
    case 'comments-feed':
      return '/comments.atom';
    default:
      return redirect.targetId === null ? null : (paths[redirect.targetType]?.get(redirect.targetId) ?? null);
  }
}

/** Large id lists are read in slices: SQLite allows at most 32,766 parameters in one statement. */
async function some<T>(ids: number[], read: (ids: number[]) => Promise<T[]>): Promise<T[]> {
  const found: T[] = [];
  for (let i = 0; i < ids.length; i += 10_000) found.push(...(await read(ids.slice(i, i + 10_000))));
  return found;
}
