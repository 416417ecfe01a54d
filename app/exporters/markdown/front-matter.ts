/**
 * One article or page as a Markdown file with YAML front matter, the shape
 * Jekyll and Hugo read (and Folio's Markdown folder importer): the body is
 * the source as written; an article written as HTML (the `none` filter) is
 * kept as HTML, which Markdown passes through.
 */
import { stringify } from 'yaml';
import type { Page } from '#app/models/db.ts';
import type { ExportedArticle } from '#app/exporters/batches.ts';
import { articleStatus } from '#app/models/article/visibility.ts';
import { articlePath, pagePath } from '#app/helpers/permalinks.ts';
import { isoWithOffset } from '#app/exporters/dates.ts';

export function articleDocument(article: ExportedArticle, timeZone: string, now: Date): string {
  const status = articleStatus(article, now);
  const data: Record<string, unknown> = {
    title: article.title,
    date: isoWithOffset(article.publishedAt ?? article.createdAt, timeZone),
    slug: article.slug,
    tags: article.taggings.map(({ tag }) => tag.name),
    ...(article.section ? { section: article.section.name, categories: [article.section.name] } : {}),
    draft: status === 'draft',
    ...(status === 'scheduled' ? { scheduled: true } : {}),
    ...(article.excerpt.trim() ? { excerpt: article.excerpt } : {}),
    ...(status === 'draft' ? {} : { permalink: articlePath(article) }),
    author: article.author.login,
    ...(article.allowComments ? {} : { comments: false }),
    text_filter: article.textFilter,
  };
  return document(data, article.bodySource);
}

export function pageDocument(page: Page, timeZone: string): string {
  return document(
    {
      title: page.title,
      date: isoWithOffset(page.createdAt, timeZone),
      slug: page.slug,
      permalink: pagePath(page.slug),
      text_filter: page.textFilter,
    },
    page.bodySource,
  );
}

function document(data: Record<string, unknown>, body: string): string {
  // Dates stay strings: YAML 1.1 readers would otherwise turn them into instants and drop the offset.
  return `---\n${stringify(data, { lineWidth: 0 })}---\n\n${body.endsWith('\n') ? body : `${body}\n`}`;
}
