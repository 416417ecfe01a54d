/**
 * The back office's article list: every state, filtered and searched,
 * newest change first, 20 a page. Authors see only their own articles.
 */
import { containsIgnoringCase, db, type Prisma } from '#app/models/db.ts';
import { articleInclude, type ArticleWithRelations } from '#app/models/article.ts';
import { editableBy, type Editor } from '#app/models/article/editing.ts';
import { statusWhere, type ListingStatus } from '#app/models/article/visibility.ts';

export const adminPageSize = 20;
export const articleStatuses: readonly ListingStatus[] = ['draft', 'published', 'scheduled', 'deleted'];

export interface AdminArticleFilters {
  state?: ListingStatus;
  sectionId?: number;
  /** A tag's slug. */
  tag?: string;
  /** Only honoured for administrators. */
  authorId?: number;
  /** Title contains (case-insensitive for ASCII, as SQLite's LIKE). */
  q?: string;
  page: number;
}

export interface AdminListing {
  articles: ArticleWithRelations[];
  total: number;
  page: number;
  totalPages: number;
}

export async function listForEditor(
  filters: AdminArticleFilters,
  editor: Editor,
  now = new Date(),
): Promise<AdminListing> {
  const where: Prisma.ArticleWhereInput = { AND: [editableBy(editor), ...conditions(filters, editor, now)] };
  const [articles, total] = await Promise.all([
    db.article.findMany({
      where,
      include: articleInclude,
      orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
      skip: (filters.page - 1) * adminPageSize,
      take: adminPageSize,
    }),
    db.article.count({ where }),
  ]);
  return { articles, total, page: filters.page, totalPages: Math.max(1, Math.ceil(total / adminPageSize)) };
}

/** What the filter form offers: sections, tags, and (for administrators) authors. */
export async function filterChoices(editor: Editor) {
  const [sections, tags, authors] = await Promise.all([
    db.section.findMany({ orderBy: [{ position: 'asc' }, { name: 'asc' }], select: { id: true, name: true } }),
    db.tag.findMany({ orderBy: { name: 'asc' }, select: { name: true, slug: true } }),
    editor.role === 'admin'
      ? db.user.findMany({ orderBy: { displayName: 'asc' }, select: { id: true, displayName: true, login: true } })
      : [],
  ]);
  return { sections, tags, authors };
}

function conditions(filters: AdminArticleFilters, editor: Editor, now: Date): Prisma.ArticleWhereInput[] {
  const list: Prisma.ArticleWhereInput[] = [];
  if (filters.state) list.push(statusWhere(filters.state, now));
  if (filters.sectionId) list.push({ sectionId: filters.sectionId });
  if (filters.tag) list.push({ taggings: { some: { tag: { slug: filters.tag } } } });
  if (filters.authorId && editor.role === 'admin') list.push({ authorId: filters.authorId });
  if (filters.q) list.push({ title: containsIgnoringCase(filters.q) });
  return list;
}
