/**
 * The trash: where a publishing client's delete puts an article (Micropub
 * delete, blogger.deletePost, wp.deletePost), so that Micropub's undelete
 * (and the admin) can bring it back. A trashed article has state "deleted"
 * (readers, feeds and tags never show it: only "published" is visible) and
 * remembers its former state in deletedFromState. The admin's own Delete
 * stays final.
 *
 * PLACEHOLDER (helper "micropub" builds it, keeping these signatures).
 */
import type { Article } from '#app/models/db.ts';

export async function trashArticle(id: number, now = new Date()): Promise<Article> {
  await Promise.resolve(); // placeholder
  void id;
  void now;
  throw new Error('the trash is not built yet');
}

/** Puts a trashed article back in the state it had; an article not in the trash is returned as it is. */
export async function restoreArticle(id: number): Promise<Article> {
  await Promise.resolve(); // placeholder
  void id;
  throw new Error('the trash is not built yet');
}
