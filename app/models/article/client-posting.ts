/**
 * Saves from publishing clients (XML-RPC, Micropub): the editor's rules
 * and nothing else. Authors edit their own articles, administrators all;
 * every save keeps a revision by the client's user; text filters,
 * sanitising, scheduling and cache expiry are saveArticle's, as for the
 * admin's editor.
 */
import type { Article } from '#app/models/db.ts';
import { saveArticle, type ArticleInput, type ArticleWithRelations } from '#app/models/article.ts';
import { findEditableArticle } from '#app/models/article/editing.ts';
import { keepSaveRevision } from '#app/models/article/revisions.ts';
import type { ApiClient } from '#app/models/app-password.ts';

/** Creates (`current` null) or updates an article for `client`; the caller checked `current` with findClientArticle. */
export function saveFromClient(
  input: ArticleInput,
  client: ApiClient,
  current: Pick<Article, 'id'> | null,
  now = new Date(),
): Promise<Article> {
  return saveArticle(input, client.user.id, current?.id, now, (tx, saved) =>
    keepSaveRevision(tx, saved, client.user.id),
  );
}

/** The article if the client's user may edit it (trashed ones included), else null. */
export function findClientArticle(id: number, client: ApiClient): Promise<ArticleWithRelations | null> {
  return findEditableArticle(id, client.user);
}
