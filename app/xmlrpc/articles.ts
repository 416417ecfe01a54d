/**
 * The posts a client reads and writes, through the same models as the
 * admin's editor (client-posting.ts): authors reach their own articles,
 * administrators all; another author's article does not exist for them.
 */
import { db, type Article } from '#app/models/db.ts';
import { articleInclude } from '#app/models/article.ts';
import { editableBy } from '#app/models/article/editing.ts';
import { findClientArticle, saveFromClient } from '#app/models/article/client-posting.ts';
import { trashArticle } from '#app/models/article/trash.ts';
import { statusWhere } from '#app/models/article/visibility.ts';
import type { ApiClient } from '#app/models/app-password.ts';
import type { RpcStruct } from '#app/xmlrpc/codec.ts';
import { articleInputFrom } from '#app/xmlrpc/post-input.ts';
import type { ClientArticle, Site } from '#app/xmlrpc/post-struct.ts';
import { badParams, noSuchPost } from '#app/xmlrpc/fault.ts';

/** The most posts one listing returns, whatever a client asks for. */
export const maxListed = 100;

/** Any article the client may edit, the trashed included (getPost shows them as post_status "trash"). */
export async function readablePost(id: number, client: ApiClient): Promise<ClientArticle> {
  const article = await findClientArticle(id, client);
  if (!article) throw noSuchPost();
  return article;
}

/** An article the client may change: not one in the trash (restoring is Micropub's undelete or the admin's). */
export async function editablePost(id: number, client: ApiClient): Promise<ClientArticle> {
  const article = await readablePost(id, client);
  if (article.state === 'deleted') throw noSuchPost();
  return article;
}

export async function savePost(
  struct: RpcStruct,
  publish: boolean | undefined,
  client: ApiClient,
  current: ClientArticle | null,
  site: Site,
): Promise<Article> {
  const input = await articleInputFrom({ struct, publish, current, client, now: site.now, timeZone: site.timeZone });
  return saveFromClient(input, client, current, site.now);
}

export async function deletePost(id: number, client: ApiClient, now: Date): Promise<void> {
  await editablePost(id, client);
  await trashArticle(id, now);
}

/** WordPress's post_status filter values, as Folio's statuses. */
const statusFilters = {
  publish: 'published',
  future: 'scheduled',
  draft: 'draft',
  pending: 'draft',
  private: 'draft',
} as const;

/** Newest first (by creation), not in the trash unless asked for with post_status "trash". */
export function listPosts(
  client: ApiClient,
  options: { status?: string; number: number; offset?: number },
  now: Date,
): Promise<ClientArticle[]> {
  const { status } = options;
  if (status !== undefined && status !== 'trash' && status !== 'any' && !(status in statusFilters))
    throw badParams(`Unknown post_status "${status}": use publish, future, draft, pending, private or trash.`);
  const byStatus =
    status === 'trash'
      ? { state: 'deleted' }
      : status && status !== 'any'
        ? statusWhere(statusFilters[status as keyof typeof statusFilters], now)
        : {};
  return db.article.findMany({
    where: { AND: [editableBy(client.user), byStatus, status === 'trash' ? {} : { state: { not: 'deleted' } }] },
    include: articleInclude,
    orderBy: { id: 'desc' },
    take: Math.min(options.number, maxListed),
    skip: options.offset ?? 0,
  });
}

/** Tag ids by slug for these articles' tags (the listing's include has names and slugs only). */
export async function tagIdsOf(articles: ClientArticle[]): Promise<Map<string, number>> {
  const slugs = [...new Set(articles.flatMap((a) => a.taggings.map((t) => t.tag.slug)))];
  if (slugs.length === 0) return new Map();
  const tags = await db.tag.findMany({ where: { slug: { in: slugs } }, select: { id: true, slug: true } });
  return new Map(tags.map((t) => [t.slug, t.id]));
}
