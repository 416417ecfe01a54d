/** Tags: free-form names, each with a slug for its URL. */
import { db, database, type Prisma, type Tag } from '#app/models/db.ts';
import { toSlug } from '#app/models/article/permalink.ts';
import { visibleWhere } from '#app/models/article/visibility.ts';
import { ValidationError } from '#app/models/validation.ts';
import { announce } from '#app/models/changes.ts';

/** "Ruby, rails ,ruby" or ["Ruby", "rails"] → unique trimmed names, first spelling wins. */
export function parseTagList(tags: string | string[]): string[] {
  const names = (Array.isArray(tags) ? tags : tags.split(','))
    .map((t) => t.trim().replace(/\s+/g, ' '))
    .filter((t) => t && toSlug(t));
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

/**
 * A tag by its URL slug, if a visible article carries it (reader pages: on
 * the boundary's lookups). A tag only drafts or scheduled articles carry is
 * not found, exactly like an unknown one: its existence would tell a reader
 * what an author has not published yet.
 */
export function findTag(slug: string, now = new Date()): Promise<Tag | null> {
  return database().lookups.visibleTag(slug, now);
}

/** Every tag that has visible articles, with their count, by name. */
export async function tagCloud(now = new Date()) {
  const tags = await db.tag.findMany({
    select: { name: true, slug: true, _count: { select: { taggings: { where: { article: visibleWhere(now) } } } } },
    orderBy: { name: 'asc' },
  });
  return tags.map((t) => ({ name: t.name, slug: t.slug, count: t._count.taggings })).filter((t) => t.count > 0);
}

// -- Managing tags in the admin ------------------------------------------------

/** Every tag with how many articles (of any state) carry it, by name. */
export async function listTagsWithCounts() {
  const tags = await db.tag.findMany({
    select: { id: true, name: true, slug: true, _count: { select: { taggings: true } } },
    orderBy: { name: 'asc' },
  });
  return tags.map((t) => ({ id: t.id, name: t.name, slug: t.slug, count: t._count.taggings }));
}

export function findTagById(id: number) {
  return db.tag.findUnique({ where: { id } });
}

/** Renames a tag; its slug (and URL) follows the name. A name another tag has is a clash: merge instead. */
export async function renameTag(id: number, newName: string): Promise<Tag> {
  const [name] = parseTagList(newName.replaceAll(',', ' '));
  if (!name) throw new ValidationError({ name: 'The name needs at least one letter or digit.' });
  const slug = toSlug(name);
  const clash = await db.tag.findUnique({ where: { slug }, select: { id: true, name: true } });
  if (clash && clash.id !== id)
    throw new ValidationError({ name: `The tag "${clash.name}" already has that name: merge into it instead.` });
  const tag = await db.tag.update({ where: { id }, data: { name, slug } });
  await announce({ type: 'tag', id });
  return tag;
}

/** Deletes a tag; its taggings go with it, the articles stay. */
export async function deleteTag(id: number): Promise<void> {
  await db.tag.delete({ where: { id } });
  await announce({ type: 'tag', id });
}

/** Moves every article tagged `fromId` to `intoId`, then deletes `fromId`. */
export async function mergeTags(fromId: number, intoId: number): Promise<void> {
  if (fromId === intoId) throw new ValidationError({ into: 'Choose another tag to merge into.' });
  await db.$transaction(async (tx) => {
    if (!(await tx.tag.findUnique({ where: { id: intoId }, select: { id: true } })))
      throw new ValidationError({ into: 'That tag no longer exists.' });
    const taggings = await tx.tagging.findMany({ where: { tagId: fromId }, select: { articleId: true } });
    for (const { articleId } of taggings) {
      await tx.tagging.upsert({
        where: { articleId_tagId: { articleId, tagId: intoId } },
        create: { articleId, tagId: intoId },
        update: {},
      });
    }
    await tx.tag.delete({ where: { id: fromId } });
  });
  await announce({ type: 'tag', id: fromId });
  await announce({ type: 'tag', id: intoId });
}
