/**
 * The trash: where a publishing client's delete puts an article (Micropub
 * delete, blogger.deletePost, wp.deletePost), so that Micropub's undelete
 * (and the admin) can bring it back. A trashed article has state "deleted"
 * (readers, feeds, tags, search and the sitemap never show it: only
 * "published" is visible) and remembers its former state in
 * deletedFromState. It keeps its publication day and slug, so a restored
 * article comes back at the same permalink. The admin's own Delete stays final.
 */
import { db, type Article } from '#app/models/db.ts';
import { NotFoundError } from '#app/models/validation.ts';
import { announce } from '#app/models/changes.ts';
import { queueSyndication } from '#app/models/article/syndication.ts';

export const trashedState = 'deleted';

/** Moves the article to the trash; one already there stays as it is (a repeated delete is not an error). */
export async function trashArticle(id: number, now = new Date()): Promise<Article> {
  const current = await db.article.findUnique({ where: { id } });
  if (!current) throw new NotFoundError('That article');
  if (current.state === trashedState) return current;
  // The pages it linked to hear that it is gone, and the hub that its feeds changed.
  const trashed = await db.$transaction(async (tx) => {
    const moved = await tx.article.update({
      where: { id },
      data: { state: trashedState, deletedAt: now, deletedFromState: current.state },
    });
    await queueSyndication(tx, moved, current.state === 'published', now);
    return moved;
  });
  // The sweeper expires every page that showed it (home, tags, feeds, its permalink).
  await announce({ type: 'article', id });
  return trashed;
}

/** Puts a trashed article back in the state it had; an article not in the trash is returned as it is. */
export async function restoreArticle(id: number): Promise<Article> {
  const current = await db.article.findUnique({ where: { id } });
  if (!current) throw new NotFoundError('That article');
  if (current.state !== trashedState) return current;
  const restored = await db.$transaction(async (tx) => {
    const moved = await tx.article.update({
      where: { id },
      data: {
        state: current.deletedFromState === 'published' ? 'published' : 'draft',
        deletedAt: null,
        deletedFromState: null,
      },
    });
    await queueSyndication(tx, moved, false, new Date());
    return moved;
  });
  await announce({ type: 'article', id });
  return restored;
}

export function isTrashed(article: Pick<Article, 'state'>): boolean {
  return article.state === trashedState;
}
