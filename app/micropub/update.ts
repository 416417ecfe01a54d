/**
 * Micropub's update (§3.4): the article as properties, then replace, add
 * and delete applied in that order, then saved like any other edit. The
 * slug stays unless mp-slug is replaced, so a new name never moves a
 * published post's URL.
 */
import type { ArticleWithRelations, ArticleInput } from '#app/models/article.ts';
import { invalidRequest } from '#app/micropub/errors.ts';
import type { Properties } from '#app/micropub/request.ts';
import { articleInputFrom } from '#app/micropub/entry.ts';
import { sourceProperties } from '#app/micropub/posts.ts';

export interface Update {
  replace: Properties;
  add: Properties;
  delete: string[] | Properties;
}

export function updatedInput(article: ArticleWithRelations, update: Update, baseUrl: string, now: Date): ArticleInput {
  const { url: _url, ...current } = sourceProperties(article, baseUrl);
  const properties: Properties = { ...current, 'mp-slug': [article.slug] };
  for (const [name, values] of Object.entries(update.replace)) properties[name] = values;
  for (const [name, values] of Object.entries(update.add)) properties[name] = [...(properties[name] ?? []), ...values];
  if (Array.isArray(update.delete)) for (const name of update.delete) delete properties[name];
  else
    for (const [name, values] of Object.entries(update.delete)) {
      const gone = new Set(values.map((v) => JSON.stringify(v)));
      properties[name] = (properties[name] ?? []).filter((v) => !gone.has(JSON.stringify(v)));
    }
  if (properties.name === undefined || properties.name.length === 0) properties.name = [article.title];
  if (!properties['mp-slug']?.length)
    throw invalidRequest('A post keeps a slug: replace “mp-slug” with a new one instead of deleting it.');
  return articleInputFrom(
    properties,
    [],
    { sectionId: article.sectionId, allowComments: article.allowComments, textFilter: article.textFilter },
    now,
  );
}
