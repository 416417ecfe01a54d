/**
 * Revisions: an article's text as it was. Every explicit save keeps one,
 * and only the newest 20 "save" revisions per article survive (pruned in
 * the same transaction). Autosaves live in article/autosave.ts.
 */
import { db, type Article, type Prisma } from '#app/models/db.ts';
import { saveArticle, type ArticleWithRelations } from '#app/models/article.ts';

export const keptSaveRevisions = 20;

/** The part of an article a revision keeps. */
export interface RevisionText {
  title: string;
  excerpt: string;
  bodySource: string;
  textFilter: string;
}

const revisionInclude = { author: { select: { login: true, displayName: true } } } satisfies Prisma.RevisionInclude;
export type Revision = Prisma.RevisionGetPayload<{ include: typeof revisionInclude }>;

type Tx = Prisma.TransactionClient;

/**
 * Inside the article's transaction: keeps `article`'s text as a "save"
 * revision by `authorId`, drops saves past the newest 20, and retires that
 * author's autosave, which the save supersedes.
 */
export async function keepSaveRevision(
  tx: Tx,
  article: Pick<Article, 'id'> & RevisionText,
  authorId: number,
): Promise<void> {
  await tx.revision.create({ data: { articleId: article.id, kind: 'save', authorId, ...textOf(article) } });
  const stale = await tx.revision.findMany({
    where: { articleId: article.id, kind: 'save' },
    orderBy: { id: 'desc' },
    skip: keptSaveRevisions,
    select: { id: true },
  });
  if (stale.length) await tx.revision.deleteMany({ where: { id: { in: stale.map((r) => r.id) } } });
  await tx.revision.deleteMany({ where: { articleId: article.id, kind: 'autosave', authorId } });
}

/** Every revision of the article, newest first (autosaves included, marked by `kind`). */
export function listRevisions(articleId: number): Promise<Revision[]> {
  return db.revision.findMany({ where: { articleId }, include: revisionInclude, orderBy: { id: 'desc' } });
}

/** The revision if it belongs to this article, else null. */
export function findRevision(articleId: number, revisionId: number): Promise<Revision | null> {
  return db.revision.findFirst({ where: { id: revisionId, articleId }, include: revisionInclude });
}

/**
 * Puts an old text back. The current text is kept first, as a new "save"
 * revision; then the old title, excerpt, body and filter are applied as an
 * edit. State, dates, slug, tags and section stay as they are.
 */
export function restoreRevision(
  article: ArticleWithRelations,
  revision: RevisionText,
  editorId: number,
  now = new Date(),
): Promise<Article> {
  return saveArticle(
    {
      ...textOf(revision),
      slug: article.slug,
      tags: article.taggings.map(({ tag }) => tag.name),
      sectionId: article.sectionId,
      allowComments: article.allowComments,
      state: article.state === 'published' ? 'published' : 'draft',
      publishedAt: article.publishedAt,
    },
    article.authorId,
    article.id,
    now,
    (tx) => keepSaveRevision(tx, article, editorId),
  );
}

export function textOf(source: RevisionText): RevisionText {
  return { title: source.title, excerpt: source.excerpt, bodySource: source.bodySource, textFilter: source.textFilter };
}

/** Whether two texts are the same, e.g. an autosave and the saved article. */
export function sameText(a: RevisionText, b: RevisionText): boolean {
  return (
    a.title === b.title && a.excerpt === b.excerpt && a.bodySource === b.bodySource && a.textFilter === b.textFilter
  );
}
