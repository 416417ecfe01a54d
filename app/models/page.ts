/** Static pages ("About", "Colophon"): a title and a rendered body at /pages/:slug. */
import { db } from '#app/models/db.ts';
import { renderArticleHtml, type TextFilterName } from '#app/text-filters/index.ts';
import { toSlug } from '#app/models/article/publishing.ts';

export function findPage(slug: string) {
  return db.page.findUnique({ where: { slug } });
}

export function createPage(input: { title: string; slug?: string; bodySource: string; textFilter?: TextFilterName }) {
  const textFilter = input.textFilter ?? 'markdown';
  return db.page.create({
    data: { title: input.title, slug: toSlug(input.slug ?? input.title), bodySource: input.bodySource, textFilter, bodyHtml: renderArticleHtml(input.bodySource, textFilter) },
  });
}
