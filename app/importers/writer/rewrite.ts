/**
 * After the stream: bodies that link to an imported attachment's old URL
 * are rewritten to its upload and saved again through the same writes (so
 * they are re-rendered, with image sizes). When attachments were stored in
 * this run, every article and page of the source is looked at (its body may
 * predate them); otherwise only those written in this run.
 */
import { writeArticle } from '#app/models/article.ts';
import { writePage } from '#app/models/page.ts';
import type { WriterContext } from '#app/importers/writer/context.ts';
import { rewriteLinks } from '#app/importers/writer/links.ts';

export async function rewriteAttachmentLinks(context: WriterContext): Promise<void> {
  if (context.attachments.byPath.size === 0) return;
  const everything = context.touched.attachments > 0;
  const articleIds = everything ? [...context.articles.values()] : [...context.touched.articles];
  const pageIds = everything ? [...context.pages.values()] : [...context.touched.pages];
  for (const id of new Set(articleIds)) await rewriteArticle(context, id);
  for (const id of new Set(pageIds)) await rewritePage(context, id);
}

async function rewriteArticle(context: WriterContext, id: number): Promise<void> {
  const { tx } = context;
  const article = await tx.article.findUnique({
    where: { id },
    include: { taggings: { select: { tag: { select: { name: true } } } } },
  });
  if (!article) return;
  const bodySource = rewriteLinks(article.bodySource, context.attachments);
  const excerpt = rewriteLinks(article.excerpt, context.attachments);
  if (bodySource === article.bodySource && excerpt === article.excerpt) return;
  await writeArticle(
    tx,
    {
      title: article.title,
      slug: article.slug,
      excerpt,
      bodySource,
      textFilter: article.textFilter,
      tags: article.taggings.map(({ tag }) => tag.name),
      sectionId: article.sectionId,
      allowComments: article.allowComments,
      state: article.state === 'published' ? 'published' : 'draft',
      publishedAt: article.publishedAt,
    },
    article.authorId,
    {
      id,
      now: context.now,
      timeZone: context.timeZone,
      publishedOn: article.publishedOn ?? undefined,
      slugClash: 'suffix',
      updatedAt: article.updatedAt,
    },
  );
  context.touched.articles.add(id);
}

async function rewritePage(context: WriterContext, id: number): Promise<void> {
  const page = await context.tx.page.findUnique({ where: { id } });
  if (!page) return;
  const bodySource = rewriteLinks(page.bodySource, context.attachments);
  if (bodySource === page.bodySource) return;
  await writePage(
    context.tx,
    { title: page.title, slug: page.slug, bodySource, textFilter: page.textFilter },
    { id, updatedAt: page.updatedAt },
  );
}
