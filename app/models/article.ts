/**
 * Articles: what an author writes and readers read. Who may read one is
 * article/visibility.ts.
 */
import { z } from 'zod';
import { db, type Article, type Prisma } from '#app/models/db.ts';
import { ValidationError, validInput } from '#app/models/validation.ts';
import { renderArticleHtml, isTextFilterName, textFilterNames } from '#app/text-filters/index.ts';
import { publicationFields } from '#app/models/article/permalink.ts';
import { searchText } from '#app/models/article/search-text.ts';
import { withUploadedImageSizes } from '#app/models/article/image-sizes.ts';
import { replaceTags, parseTagList } from '#app/models/tag.ts';
import { currentSettings } from '#app/models/settings.ts';
import { announce } from '#app/models/changes.ts';
import { checkedCoverId, coverRefused } from '#app/models/article/cover.ts';
import { countWords } from '#app/models/article/word-count.ts';
import { publishedBefore, queueDeletionNotices, queueSyndication } from '#app/models/article/syndication.ts';

export const articleStates = ['draft', 'published'] as const;
export type ArticleState = (typeof articleStates)[number];

/** The admin's article record with its relations (readers' pages use article/reading.ts). */
export const articleInclude = {
  author: { select: { login: true, displayName: true } },
  section: { select: { slug: true, name: true } },
  taggings: { select: { tag: { select: { name: true, slug: true } } } },
  cover: { select: { storedName: true, width: true, height: true } },
} satisfies Prisma.ArticleInclude;
export type ArticleWithRelations = Prisma.ArticleGetPayload<{ include: typeof articleInclude }>;

const articleInput = z.object({
  title: z.string().trim().min(1, 'Give the article a title.').max(300, 'Keep the title under 300 characters.'),
  slug: z.string().trim().max(200).optional(),
  excerpt: z.string().max(5000, 'Keep the excerpt under 5,000 characters.').default(''),
  bodySource: z.string().max(1_000_000, 'The body is over 1,000,000 characters.').default(''),
  textFilter: z
    .string()
    .refine(isTextFilterName, `Choose one of: ${textFilterNames.join(', ')}.`)
    .default('markdown'),
  tags: z.union([z.string(), z.array(z.string())]).default([]),
  sectionId: z.coerce.number().int().positive().nullable().default(null),
  allowComments: z.boolean().default(true),
  state: z.enum(articleStates).default('draft'),
  publishedAt: z.date().nullable().default(null),
  /** An image upload's id; null removes the cover, undefined (a client that does not mention it) keeps it. */
  coverAssetId: z.number({ error: coverRefused }).int(coverRefused).positive(coverRefused).nullable().optional(),
});
export type ArticleInput = z.input<typeof articleInput>;

/** Writes that must commit or fail with the article (its revision, say). */
export type WithinSave = (tx: Prisma.TransactionClient, article: Article) => Promise<void>;

/**
 * Creates or updates an article: validates, renders the body once (readers
 * never pay for it), fixes the publication day and a unique slug, and
 * replaces the tags, all in one transaction.
 */
export async function saveArticle(
  input: ArticleInput,
  authorId: number,
  id?: number,
  now = new Date(),
  within?: WithinSave,
): Promise<Article> {
  const { timeZone } = await currentSettings();
  const saved = await db.$transaction(async (tx) => {
    const wasPublished = await publishedBefore(tx, id);
    const article = await writeArticle(tx, input, authorId, { id, now, timeZone });
    if (within) await within(tx, article);
    await queueSyndication(tx, article, wasPublished, now);
    return article;
  });
  await announce({ type: 'article', id: saved.id });
  return saved;
}

/** How writeArticle places an article; the editor gives only the first three, an importer the rest. */
export interface ArticleWrite {
  id?: number;
  now: Date;
  timeZone: string;
  /** The permalink's day, when another engine fixed it already (YYYY-MM-DD). */
  publishedOn?: string;
  /** A typed slug another article uses that day: the author's error to fix ('refuse'), or suffixed ('suffix'). */
  slugClash?: 'refuse' | 'suffix';
  createdAt?: Date;
  updatedAt?: Date;
  /** An update credits the article to `authorId` (an editor's save keeps its author). */
  reassign?: boolean;
}

/**
 * saveArticle's inside, in the caller's transaction (the importer writes
 * thousands in one): the same validation, rendering, publication fields,
 * search text, image sizes, section check and tags. Announces nothing: the
 * caller does, once it has committed.
 */
export async function writeArticle(
  tx: Prisma.TransactionClient,
  input: ArticleInput,
  authorId: number,
  write: ArticleWrite,
): Promise<Article> {
  const data = validInput(articleInput, input);
  const { id } = write;
  const filter = data.textFilter;
  if (
    data.sectionId !== null &&
    !(await tx.section.findUnique({ where: { id: data.sectionId }, select: { id: true } }))
  )
    throw new ValidationError({ sectionId: 'That section does not exist.' });
  const coverAssetId = await checkedCoverId(tx, data.coverAssetId);
  const publication = await publicationFields(tx, { ...data, ...write });
  const excerptHtml = data.excerpt.trim()
    ? await withUploadedImageSizes(tx, renderArticleHtml(data.excerpt, filter))
    : '';
  const bodyHtml = await withUploadedImageSizes(tx, renderArticleHtml(data.bodySource, filter));
  const bodyText = searchText(bodyHtml);
  const fields = {
    title: data.title,
    excerpt: data.excerpt,
    excerptHtml,
    bodySource: data.bodySource,
    bodyHtml,
    // What search indexes and quotes: the text readers see, not the source.
    excerptText: searchText(excerptHtml),
    bodyText,
    wordCount: countWords(bodyText),
    textFilter: filter,
    allowComments: data.allowComments,
    sectionId: data.sectionId,
    ...(coverAssetId !== undefined && { coverAssetId }),
    ...publication,
    // A save gives the article a state of its own (draft or published): it is out of the trash.
    deletedAt: null,
    deletedFromState: null,
    ...(write.createdAt && { createdAt: write.createdAt }),
    ...(write.updatedAt && { updatedAt: write.updatedAt }),
  };
  const article =
    id === undefined
      ? await tx.article.create({ data: { ...fields, authorId } })
      : await tx.article.update({ where: { id }, data: { ...fields, ...(write.reassign && { authorId }) } });
  await replaceTags(tx, article.id, parseTagList(data.tags));
  return article;
}

export async function deleteArticle(id: number): Promise<void> {
  await db.$transaction(async (tx) => {
    await queueDeletionNotices(tx, id, new Date());
    await tx.article.delete({ where: { id } });
  });
  await announce({ type: 'article', id });
}
