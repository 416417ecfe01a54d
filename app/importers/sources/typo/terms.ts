/**
 * Typo's categories (nested from 5.x: parent_id) and tags, and which
 * article has which: categorizations (5.x, primary first) or
 * articles_categories (4.x), and articles_tags.
 */
import type { ImportedTerm } from '#app/importers/records.ts';
import type { OldDatabase } from '#app/importers/sources/old-database/types.ts';
import { text, integer, flag } from '#app/importers/sources/old-database/cells.ts';

export interface TypoTerms {
  records: ImportedTerm[];
  keysFor(articleId: number): string[] | undefined;
}

export async function typoTerms(db: OldDatabase): Promise<TypoTerms> {
  const records: ImportedTerm[] = [];
  const categoryKeys = new Map<number, string>();
  for (const row of await db.all('categories')) {
    const id = integer(row, 'id') ?? 0;
    const slug = text(row, 'permalink') || text(row, 'name');
    const key = `category:${id}`;
    categoryKeys.set(id, key);
    const parent = integer(row, 'parent_id');
    records.push({
      kind: 'term',
      key,
      taxonomy: 'category',
      name: text(row, 'name') || slug,
      slug,
      parentKey: parent ? `category:${parent}` : undefined,
      oldAddresses: [`/category/${slug}`, `/articles/category/${slug}`],
    });
  }
  const tagKeys = new Map<number, string>();
  for (const row of await db.all('tags')) {
    const id = integer(row, 'id') ?? 0;
    const name = text(row, 'name');
    if (!name) continue;
    const key = `tag:${id}`;
    tagKeys.set(id, key);
    records.push({
      kind: 'term',
      key,
      taxonomy: 'tag',
      name: text(row, 'display_name') || name,
      slug: name,
      oldAddresses: [`/tag/${name}`, `/articles/tag/${name}`],
    });
  }

  const byArticle = new Map<number, { key: string; primary: boolean }[]>();
  const link = (articleId: number | undefined, key: string | undefined, primary: boolean) => {
    if (articleId === undefined || !key) return;
    const list = byArticle.get(articleId) ?? [];
    if (!list.some((entry) => entry.key === key)) list.push({ key, primary });
    byArticle.set(articleId, list);
  };
  const categorizations = db.has('categorizations') ? 'categorizations' : 'articles_categories';
  for (const row of await db.all(categorizations)) {
    link(
      integer(row, 'article_id'),
      categoryKeys.get(integer(row, 'category_id') ?? -1),
      flag(row, 'is_primary') ?? false,
    );
  }
  for (const row of await db.all('articles_tags')) {
    link(integer(row, 'article_id'), tagKeys.get(integer(row, 'tag_id') ?? -1), false);
  }
  return {
    records,
    keysFor(articleId) {
      const list = byArticle.get(articleId);
      if (!list) return undefined;
      // The primary category first: it becomes the article's section.
      return [...list.filter((entry) => entry.primary), ...list.filter((entry) => !entry.primary)].map(
        (entry) => entry.key,
      );
    },
  };
}
