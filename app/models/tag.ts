/** Tags: free-form names, each with a slug for its URL. */
import { db, type Prisma } from '#app/models/db.ts';
import { toSlug } from '#app/models/article/publishing.ts';
import { visibleWhere } from '#app/models/article.ts';

/** "Ruby, rails ,ruby" or ["Ruby", "rails"] → unique trimmed names, first spelling wins. */
export function parseTagList(tags: string | string[]): string[] {
  const names = (Array.isArray(tags) ? tags : tags.split(',')).map((t) => t.trim().replace(/\s+/g, ' ')).filter((t) => t && toSlug(t));
  const bySlug = new Map<string, string>();
  for (const name of names) if (!bySlug.has(toSlug(name))) bySlug.set(toSlug(name), name.slice(0, 60));
  return [...bySlug.values()];
}

export async function replaceTags(tx: Prisma.TransactionClient, articleId: number, names: string[]): Promise<void> {
  await tx.tagging.deleteMany({ where: { articleId } });
  for (const name of names) {
    const slug = toSlug(name);
    const tag = await tx.tag.upsert({ where: { slug }, create: { name, slug }, update: {} });
    await tx.tagging.create({ data: { articleId, tagId: tag.id } });
  }
}

export function findTag(slug: string) {
  return db.tag.findUnique({ where: { slug } });
}

/** Every tag that has visible articles, with their count, by name. */
export async function tagCloud(now = new Date()) {
  const tags = await db.tag.findMany({
    select: { name: true, slug: true, _count: { select: { taggings: { where: { article: visibleWhere(now) } } } } },
    orderBy: { name: 'asc' },
  });
  return tags.map((t) => ({ name: t.name, slug: t.slug, count: t._count.taggings })).filter((t) => t.count > 0);
}
