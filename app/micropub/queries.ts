/** Micropub's GET queries (§3.7): q=config, q=source, q=syndicate-to, and q=category (a common extension). */
import type { Request } from 'express';
import { db } from '#app/models/db.ts';
import type { ApiClient } from '#app/models/app-password.ts';
import { invalidRequest } from '#app/micropub/errors.ts';
import { articleAt, sourceProperties } from '#app/micropub/posts.ts';

export const supportedQueries = ['config', 'source', 'syndicate-to', 'category'] as const;

export async function answerQuery(req: Request, client: ApiClient, baseUrl: string): Promise<unknown> {
  const q = req.query.q;
  switch (q) {
    case 'config':
      return {
        'media-endpoint': `${baseUrl}/micropub/media`,
        // Folio syndicates nowhere: it is the original, and sends webmentions instead.
        'syndicate-to': [],
        q: supportedQueries,
        'post-types': [
          { type: 'article', name: 'Article' },
          { type: 'note', name: 'Note' },
          { type: 'photo', name: 'Photo' },
        ],
      };
    case 'syndicate-to':
      return { 'syndicate-to': [] };
    case 'source':
      return source(req, client, baseUrl);
    case 'category':
      return categories(req.query.filter);
    case undefined:
      throw invalidRequest('Ask a query: q=config, q=source, q=syndicate-to or q=category.');
    default:
      throw invalidRequest(
        `Unknown query “${typeof q === 'string' ? q : '(a list)'}”: this endpoint answers q=${supportedQueries.join(', q=')}.`,
      );
  }
}

/** The post's properties; with properties[] only those, and no type (§3.7.2). */
async function source(req: Request, client: ApiClient, baseUrl: string) {
  const url = req.query.url;
  if (typeof url !== 'string' || !url) throw invalidRequest('q=source needs the post’s “url”.');
  const article = await articleAt(url, baseUrl, client);
  const properties = sourceProperties(article, baseUrl);
  const asked = [req.query.properties ?? [], req.query['properties[]'] ?? []]
    .flat()
    .filter((p): p is string => typeof p === 'string');
  if (asked.length === 0) return { type: ['h-entry'], properties };
  return { properties: Object.fromEntries(Object.entries(properties).filter(([name]) => asked.includes(name))) };
}

async function categories(filter: unknown) {
  const text = typeof filter === 'string' ? filter.trim().toLowerCase() : '';
  const tags = await db.tag.findMany({ select: { name: true }, orderBy: { name: 'asc' }, take: 1000 });
  return { categories: tags.map((t) => t.name).filter((name) => !text || name.toLowerCase().includes(text)) };
}
