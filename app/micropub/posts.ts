/**
 * Micropub's view of Folio's articles: a post's URL (its permalink once
 * published; a draft's address in the admin, which no reader can open),
 * the article a URL names, and an article as mf2 JSON properties (q=source,
 * and the starting point of an update).
 */
import { db, type Article } from '#app/models/db.ts';
import { articlePath, absoluteUrl } from '#app/helpers/permalinks.ts';
import { findClientArticle } from '#app/models/article/client-posting.ts';
import type { ArticleWithRelations } from '#app/models/article.ts';
import type { ApiClient } from '#app/models/app-password.ts';
import { MicropubError, invalidRequest } from '#app/micropub/errors.ts';
import type { Properties } from '#app/micropub/request.ts';

/** The URL a client keeps for a post: the permalink, or for a draft (or the trash) its editor in the admin. */
export function postUrl(article: Pick<Article, 'id' | 'state' | 'publishedOn' | 'slug'>, baseUrl: string): string {
  return article.state === 'published' && article.publishedOn
    ? absoluteUrl(baseUrl, articlePath(article))
    : absoluteUrl(baseUrl, `/admin/articles/${article.id}/edit`);
}

/** The article a post URL of this blog names, if the client may change it. */
export async function articleAt(url: string, baseUrl: string, client: ApiClient): Promise<ArticleWithRelations> {
  const id = await articleIdAt(url, baseUrl);
  if (id === null) throw invalidRequest(`There is no post at ${url}.`);
  const article = await findClientArticle(id, client);
  if (!article)
    throw new MicropubError('forbidden', 'That post belongs to another author: this token may not change it.');
  return article;
}

/** The article's properties as mf2 JSON; `only` limits them (q=source&properties[]=…). */
export function sourceProperties(article: ArticleWithRelations, baseUrl: string): Properties {
  return {
    name: [article.title],
    content: [article.textFilter === 'none' ? { html: article.bodySource } : article.bodySource],
    ...(article.excerpt.trim() ? { summary: [article.excerpt] } : {}),
    category: article.taggings.map((t) => t.tag.name),
    ...(article.publishedAt ? { published: [article.publishedAt.toISOString()] } : {}),
    'post-status': [article.state === 'published' ? 'published' : 'draft'],
    url: [postUrl(article, baseUrl)],
  };
}

async function articleIdAt(url: string, baseUrl: string): Promise<number | null> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw invalidRequest('“url” must be an absolute URL of a post on this blog.');
  }
  const base = new URL(baseUrl);
  const basePath = base.pathname.replace(/\/$/, '');
  if (target.origin !== base.origin || !target.pathname.startsWith(`${basePath}/`))
    throw invalidRequest(`${url} is not a post on this blog (${baseUrl}).`);
  const path = target.pathname.slice(basePath.length);
  const draft = /^\/admin\/articles\/(\d{1,9})(?:\/edit)?\/?$/.exec(path);
  if (draft) return Number(draft[1]);
  const permalink = /^\/(\d{4})\/(\d{2})\/(\d{2})\/([^/]+)\/?$/.exec(path);
  if (!permalink) return null;
  const [, year, month, day, slug] = permalink;
  let decoded: string;
  try {
    decoded = decodeURIComponent(slug!);
  } catch {
    return null;
  }
  const found = await db.article.findFirst({
    where: { publishedOn: `${year}-${month}-${day}`, slug: decoded },
    select: { id: true },
  });
  return found?.id ?? null;
}
