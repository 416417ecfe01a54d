/**
 * What the sitemap lists: the home page, each blog section, each page once
 * at its canonical address, and the visible articles, newest first.
 */
import { db } from '#app/models/db.ts';
import { visibleWhere } from '#app/models/article/visibility.ts';
import { showingSections } from '#app/models/page.ts';
import { lastChangedAt } from '#app/models/changes.ts';
import { articlePath, canonicalPagePath, sectionPath } from '#app/helpers/permalinks.ts';

export interface SitemapEntry {
  path: string;
  updatedAt?: Date;
}

/** The sitemap protocol allows 50,000 URLs per file; pages and sections fill at most the last thousand. */
const maxUrls = 50_000;
const maxPages = 500;
const maxSections = 499;

export async function sitemapEntries(now = new Date()): Promise<SitemapEntry[]> {
  const [articles, pages, sections] = await Promise.all([
    db.article.findMany({
      where: visibleWhere(now),
      select: { slug: true, publishedOn: true, publishedAt: true, updatedAt: true },
      orderBy: { publishedAt: 'desc' },
      take: maxUrls - 1000,
    }),
    db.page.findMany({ select: { slug: true, updatedAt: true, sections: showingSections }, take: maxPages }),
    db.section.findMany({ where: { style: 'blog' }, select: { slug: true }, take: maxSections }),
  ]);
  return [
    { path: '/', updatedAt: articles[0] && lastChangedAt(articles[0]) },
    ...sections.map((s) => ({ path: sectionPath(s.slug) })),
    ...pages.map((p) => ({ path: canonicalPagePath(p), updatedAt: p.updatedAt })),
    ...articles.map((a) => ({ path: articlePath(a), updatedAt: lastChangedAt(a) })),
  ];
}
