/** Static pages ("About", "Colophon"): a title and a rendered body at /pages/:slug. */
import { z } from 'zod';
import { db, type Page, type Prisma } from '#app/models/db.ts';
import { renderArticleHtml, isTextFilterName, textFilterNames, type TextFilterName } from '#app/text-filters/index.ts';
import { toSlug } from '#app/models/article/permalink.ts';
import { ValidationError, rejectDuplicate, validInput } from '#app/models/validation.ts';
import { announce } from '#app/models/changes.ts';
import { withUploadedImageSizes } from '#app/models/article/image-sizes.ts';

/** The "page" sections that show a page, first in the navigation first: the first is its canonical address. */
export const showingSections = {
  where: { style: 'page' },
  orderBy: [{ position: 'asc' }, { id: 'asc' }],
  select: { slug: true },
} satisfies Prisma.Page$sectionsArgs;

export function findPage(slug: string) {
  return db.page.findUnique({ where: { slug }, include: { sections: showingSections } });
}

export function createPage(input: { title: string; slug?: string; bodySource: string; textFilter?: TextFilterName }) {
  const textFilter = input.textFilter ?? 'markdown';
  return db.page.create({
    data: {
      title: input.title,
      slug: toSlug(input.slug ?? input.title),
      bodySource: input.bodySource,
      textFilter,
      bodyHtml: renderArticleHtml(input.bodySource, textFilter),
    },
  });
}

// -- Editing pages in the admin ------------------------------------------------

const pageInput = z.object({
  title: z.string().trim().min(1, 'Give the page a title.').max(300, 'Keep the title under 300 characters.'),
  slug: z.string().trim().max(120, 'Keep the slug under 120 characters.').default(''),
  bodySource: z.string().max(1_000_000, 'The body is over 1,000,000 characters.').default(''),
  textFilter: z
    .string()
    .refine(isTextFilterName, `Choose one of: ${textFilterNames.join(', ')}.`)
    .default('markdown'),
});
export type PageInput = z.input<typeof pageInput>;

/** Every page, by title, with the sections that show it. */
export function listPages() {
  return db.page.findMany({ orderBy: { title: 'asc' }, include: { sections: { select: { name: true } } } });
}

export function findPageById(id: number) {
  return db.page.findUnique({ where: { id } });
}

/**
 * Creates (no id) or updates a page. The slug comes from the title when left
 * blank; a slug another page uses is the author's clash to resolve.
 */
export async function savePage(input: PageInput, id?: number): Promise<Page> {
  const saved = await db.$transaction((tx) => writePage(tx, input, { id }));
  await announce({ type: 'page', id: saved.id });
  return saved;
}

/** How writePage places a page; the admin gives only the id, an importer the rest. */
export interface PageWrite {
  id?: number;
  /** A slug another page uses: refused (the admin), or given a numeric suffix (an import). */
  slugClash?: 'refuse' | 'suffix';
  createdAt?: Date;
  updatedAt?: Date;
}

/** savePage's inside, in the caller's transaction (an import writes many); announces nothing. */
export async function writePage(tx: Prisma.TransactionClient, input: PageInput, write: PageWrite = {}): Promise<Page> {
  const { id } = write;
  const { title, slug: typedSlug, bodySource, textFilter } = validInput(pageInput, input);
  const base = toSlug(typedSlug || title);
  if (!base) throw new ValidationError({ slug: 'The slug needs at least one letter or digit.' });
  const slug = await freePageSlug(tx, base, id, write.slugClash ?? 'refuse');
  const data = {
    title,
    slug,
    bodySource,
    textFilter,
    bodyHtml: await withUploadedImageSizes(tx, renderArticleHtml(bodySource, textFilter)),
    ...(write.createdAt && { createdAt: write.createdAt }),
    ...(write.updatedAt && { updatedAt: write.updatedAt }),
  };
  return rejectDuplicate(id === undefined ? tx.page.create({ data }) : tx.page.update({ where: { id }, data }), {
    slug: `Another page already uses the slug "${slug}".`,
  });
}

async function freePageSlug(
  tx: Prisma.TransactionClient,
  base: string,
  id: number | undefined,
  clash: 'refuse' | 'suffix',
): Promise<string> {
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    const other = await tx.page.findUnique({ where: { slug }, select: { id: true } });
    if (!other || other.id === id) return slug;
    if (clash === 'refuse') throw new ValidationError({ slug: `Another page already uses the slug "${slug}".` });
  }
}

/** Deletes a page; sections that showed it are left without one. */
export async function deletePage(id: number): Promise<void> {
  await db.page.delete({ where: { id } });
  await announce({ type: 'page', id });
}
