/**
 * Articles, through the editor's own write (writeArticle): the same
 * validation, rendering, search text, image sizes, tags and permalink
 * rules. The old slug is kept when it is free on its day; a clash gets a
 * suffix, and the old address redirects either way.
 */
import type { ImportedArticle } from '#app/importers/records.ts';
import { writeArticle, type ArticleInput } from '#app/models/article.ts';
import { toSlug } from '#app/models/article/permalink.ts';
import { ValidationError } from '#app/models/validation.ts';
import { count } from '#app/importers/report.ts';
import { digestOf, writeOnce } from '#app/importers/writer/identity.ts';
import { note, skip, type WriterContext } from '#app/importers/writer/context.ts';
import { fallbackAuthor } from '#app/importers/writer/authors.ts';
import { safeDecode } from '#app/importers/writer/terms.ts';
import { bodyFields, usableTitle } from '#app/importers/writer/bodies.ts';
import { addRedirects } from '#app/importers/writer/redirects.ts';

export async function writeArticleRecord(context: WriterContext, record: ImportedArticle): Promise<void> {
  const { tx } = context;
  const authorId = (record.authorKey && context.authors.get(record.authorKey)) || (await fallbackAuthor(context));
  const title = usableTitle(record.title);
  const slug = toSlug(safeDecode(record.slug)) || toSlug(title) || toSlug(record.key);
  const input: ArticleInput = {
    ...bodyFields(record.body, record.excerpt),
    title,
    slug,
    ...placement(context, record),
    allowComments: record.allowComments ?? true,
    ...publication(context, record),
  };
  const publishedOn =
    input.state === 'published' && /^\d{4}-\d{2}-\d{2}$/.test(record.publishedOn ?? '')
      ? record.publishedOn
      : undefined;
  let written: { id: number; action: string };
  try {
    written = await writeOnce(context, {
      kind: 'article',
      recordType: 'article',
      key: record.key,
      digest: digestOf({ record, input, authorId }),
      exists: async (id) => Boolean(await tx.article.findUnique({ where: { id }, select: { id: true } })),
      write: async (id) => {
        const article = await writeArticle(tx, input, authorId, {
          id,
          now: context.now,
          timeZone: context.timeZone,
          publishedOn,
          slugClash: 'suffix',
          createdAt: record.createdAt,
          updatedAt: record.updatedAt ?? record.createdAt,
          reassign: true,
        });
        if (id === undefined) await keepRevisions(context, article.id, record);
        if (article.slug !== slug)
          note(context, {
            key: record.key,
            what: 'article',
            title,
            message: `the slug "${slug}" was taken on ${article.publishedOn}: it is "${article.slug}" now`,
          });
        return { id: article.id };
      },
    });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    count(context.report, 'article', 'skipped');
    skip(context, { key: record.key, what: 'article', title, message: error.message });
    return;
  }
  context.articles.set(record.key, written.id);
  if (written.action !== 'unchanged') context.touched.articles.add(written.id);
  for (const message of record.notes ?? []) note(context, { key: record.key, what: 'article', title, message });
  await addRedirects(context, record, { targetType: 'article', targetId: written.id });
}

/** The section (the first category, when categories are sections) and the tags (everything else). */
function placement(context: WriterContext, record: ImportedArticle): { sectionId: number | null; tags: string[] } {
  let sectionId: number | null = null;
  const tags: string[] = [];
  for (const key of record.termKeys ?? []) {
    const term = context.terms.get(key);
    if (!term) continue;
    if (term.type === 'section' && sectionId === null) sectionId = term.id;
    else tags.push(term.name);
  }
  return { sectionId, tags };
}

/** Published, scheduled (published with a future date: Folio's way) or draft. */
function publication(
  context: WriterContext,
  record: ImportedArticle,
): { state: 'draft' | 'published'; publishedAt: Date | null } {
  if (record.status === 'draft') return { state: 'draft', publishedAt: record.publishedAt ?? null };
  return { state: 'published', publishedAt: record.publishedAt ?? record.createdAt ?? context.now };
}

async function keepRevisions(context: WriterContext, articleId: number, record: ImportedArticle): Promise<void> {
  for (const revision of record.revisions ?? []) {
    await context.tx.revision.create({
      data: {
        articleId,
        kind: revision.kind,
        title: revision.title,
        excerpt: revision.excerpt,
        bodySource: revision.bodySource,
        textFilter: revision.textFilter,
        authorId: (revision.authorKey && context.authors.get(revision.authorKey)) || null,
        createdAt: revision.createdAt,
      },
    });
  }
}
