/** Sections: the blog's navigation. A "blog" section lists its articles; a "page" section shows one page. */
import { z } from 'zod';
import { db, database, type Prisma, type Section, type Page } from '#app/models/db.ts';
import { cachedFor } from '#app/models/process-cache.ts';
import { toSlug } from '#app/models/article/permalink.ts';
import { ValidationError, NotFoundError, validInput } from '#app/models/validation.ts';
import { announce } from '#app/models/changes.ts';

export const sectionStyles = ['blog', 'page'] as const;

// Every page shows them: read through the boundary's lookups (the direct connection on SQLite).
const navigation = cachedFor(1000, () => database().lookups.navigationSections());

/** The sections in navigation order (cached briefly: every page shows them). */
export function navigationSections() {
  return navigation.get();
}

/** Call after any section write. */
export function forgetNavigation(): void {
  navigation.forget();
}

/** A section by its URL slug, with its page (for "page" sections), as reader pages show it. */
export function findSection(slug: string): Promise<
  | (Pick<Section, 'id' | 'name' | 'slug' | 'style'> & {
      page: Pick<Page, 'id' | 'title' | 'bodyHtml' | 'updatedAt'> | null;
    })
  | null
> {
  return database().lookups.sectionBySlug(slug);
}

// -- Editing sections in the admin ---------------------------------------------

const sectionInput = z.object({
  name: z.string().trim().min(1, 'Give the section a name.').max(100, 'Keep the name under 100 characters.'),
  slug: z.string().trim().max(120, 'Keep the slug under 120 characters.').default(''),
  style: z.enum(sectionStyles, 'The style must be blog or page.'),
  pageId: z
    .union([z.literal('').transform(() => null), z.coerce.number().int().positive()])
    .nullable()
    .default(null),
});
export type SectionInput = z.input<typeof sectionInput>;

/** Every section in navigation order, with its page and article count. */
export function listSections() {
  return db.section.findMany({
    orderBy: [{ position: 'asc' }, { name: 'asc' }],
    include: { page: { select: { id: true, title: true } }, _count: { select: { articles: true } } },
  });
}

export function findSectionById(id: number) {
  return db.section.findUnique({ where: { id } });
}

/** Creates (no id: placed last) or updates a section; a page-style section needs an existing page. */
export async function saveSection(input: SectionInput, id?: number): Promise<Section> {
  const saved = await db.$transaction((tx) => writeSection(tx, input, id));
  await sectionChanged(saved.id);
  return saved;
}

/** saveSection's inside, in the caller's transaction (an import); the caller announces after committing. */
export async function writeSection(tx: Prisma.TransactionClient, input: SectionInput, id?: number): Promise<Section> {
  const parsed = validInput(sectionInput, input);
  const { name, style } = parsed;
  const slug = toSlug(parsed.slug || name);
  if (!slug) throw new ValidationError({ slug: 'The slug needs at least one letter or digit.' });
  const pageId = style === 'page' ? parsed.pageId : null;
  if (
    style === 'page' &&
    (pageId === null || !(await tx.page.findUnique({ where: { id: pageId }, select: { id: true } })))
  ) {
    throw new ValidationError({ pageId: 'Choose the page this section shows.' });
  }
  const clash = await tx.section.findUnique({ where: { slug }, select: { id: true } });
  if (clash && clash.id !== id) throw new ValidationError({ slug: `Another section already uses the slug "${slug}".` });
  const data = { name, slug, style, pageId };
  return id === undefined
    ? tx.section.create({
        data: {
          ...data,
          position: ((await tx.section.aggregate({ _max: { position: true } }))._max.position ?? -1) + 1,
        },
      })
    : tx.section.update({ where: { id }, data });
}

/** Deletes a section; its articles stay, in no section. */
export async function deleteSection(id: number): Promise<void> {
  await db.section.delete({ where: { id } });
  await sectionChanged(id);
}

/**
 * Moves a section one place up or down, or to a 0-based place (clamped),
 * and renumbers them all 0..n-1 so positions stay dense and unambiguous.
 */
export async function moveSection(id: number, move: 'up' | 'down' | number): Promise<void> {
  await db.$transaction(async (tx) => {
    const order = (
      await tx.section.findMany({ orderBy: [{ position: 'asc' }, { name: 'asc' }], select: { id: true } })
    ).map((s) => s.id);
    const from = order.indexOf(id);
    if (from < 0) throw new NotFoundError('That section');
    const to = move === 'up' ? from - 1 : move === 'down' ? from + 1 : move;
    order.splice(from, 1);
    order.splice(Math.max(0, Math.min(to, order.length)), 0, id);
    for (const [position, sectionId] of order.entries())
      await tx.section.update({ where: { id: sectionId }, data: { position } });
  });
  await sectionChanged(id);
}

async function sectionChanged(id: number): Promise<void> {
  forgetNavigation();
  await announce({ type: 'section', id });
}
