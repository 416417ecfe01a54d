/** What the sweeper reads from the blog's database: records as they are now. */
import { db } from '#app/models/db.ts';
import { visibleWhere } from '#app/models/article.ts';
import type { ArticleFacts } from '#app/page-cache/footprint.ts';

const factsSelect = {
  id: true, title: true, slug: true, state: true, publishedAt: true, publishedOn: true, authorId: true, sectionId: true, commentsCount: true, updatedAt: true,
  taggings: { select: { tagId: true } },
} as const;

const chunk = 500;

export async function articleFacts(ids: readonly number[]): Promise<ArticleFacts[]> {
  const found: ArticleFacts[] = [];
  for (let i = 0; i < ids.length; i += chunk) {
    found.push(...(await db.article.findMany({ where: { id: { in: ids.slice(i, i + chunk) } }, select: factsSelect })));
  }
  return found;
}

/** Every article, for the index's first picture (and for "all articles changed"). */
export function allArticleFacts(): Promise<ArticleFacts[]> {
  return db.article.findMany({ select: factsSelect });
}

/**
 * The ids of the visible articles just before and after a place in time, as
 * the article page's previous/next links pick them (see `neighbours` in
 * models/article.ts); the article itself is left out, wherever it is now.
 */
export async function neighbourIds(article: { id: number; publishedAt: number }, now: Date): Promise<number[]> {
  const at = new Date(article.publishedAt);
  const others = { id: { not: article.id } };
  const [previous, next] = await Promise.all([
    db.article.findFirst({ where: { AND: [visibleWhere(now), others, { OR: [{ publishedAt: { lt: at } }, { publishedAt: at, id: { lt: article.id } }] }] }, orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }], select: { id: true } }),
    db.article.findFirst({ where: { AND: [visibleWhere(now), others, { OR: [{ publishedAt: { gt: at } }, { publishedAt: at, id: { gt: article.id } }] }] }, orderBy: [{ publishedAt: 'asc' }, { id: 'asc' }], select: { id: true } }),
  ]);
  return [previous?.id, next?.id].filter((id): id is number => id !== undefined);
}

export async function articleIdsWith(by: { tag: number } | { author: number } | { section: number }): Promise<number[]> {
  const where = 'tag' in by ? { taggings: { some: { tagId: by.tag } } } : 'author' in by ? { authorId: by.author } : { sectionId: by.section };
  return (await db.article.findMany({ where, select: { id: true } })).map((a) => a.id);
}

export function commentFacts(id: number) {
  return db.comment.findUnique({ where: { id }, select: { status: true, articleId: true } });
}

/** "slug\tname" of a tag, or null when it is gone. */
export async function tagName(id: number): Promise<string | null> {
  const tag = await db.tag.findUnique({ where: { id }, select: { slug: true, name: true } });
  return tag ? `${tag.slug}\t${tag.name}` : null;
}

/** "login\tdisplay name" of an author, or null when gone. */
export async function authorName(id: number): Promise<string | null> {
  const user = await db.user.findUnique({ where: { id }, select: { login: true, displayName: true } });
  return user ? `${user.login}\t${user.displayName}` : null;
}

/** Every tag's and author's name, keyed as the index keeps them. */
export async function allNames(): Promise<Array<[string, string]>> {
  const [tags, users] = await Promise.all([
    db.tag.findMany({ select: { id: true, slug: true, name: true } }),
    db.user.findMany({ select: { id: true, login: true, displayName: true } }),
  ]);
  return [...tags.map((t): [string, string] => [`tag:${t.id}`, `${t.slug}\t${t.name}`]), ...users.map((u): [string, string] => [`user:${u.id}`, `${u.login}\t${u.displayName}`])];
}

/** Published articles whose time came in (since, now]: schedules another program may have written. */
export async function articlesDueBetween(since: Date, now: Date): Promise<number[]> {
  const rows = await db.article.findMany({ where: { state: 'published', publishedAt: { gt: since, lte: now } }, select: { id: true } });
  return rows.map((a) => a.id);
}

/** When the next scheduled article goes live, if one is waiting. */
export async function nextPublication(now: Date): Promise<number | undefined> {
  const next = await db.article.findFirst({ where: { state: 'published', publishedAt: { gt: now } }, orderBy: { publishedAt: 'asc' }, select: { publishedAt: true } });
  return next?.publishedAt?.getTime();
}
