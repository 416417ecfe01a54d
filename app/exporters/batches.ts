/**
 * Reading a whole blog without holding it: every table is read in id order,
 * a batch at a time, so a blog of any size exports in constant memory.
 */
import { db, type Prisma } from '#app/models/db.ts';

export const batchSize = 200;

/** Rows in id order, `batchSize` at a time: `read` gets the last id seen and returns the next batch. */
export async function* inBatches<T extends { id: number }>(
  read: (afterId: number, take: number) => Promise<T[]>,
): AsyncGenerator<T> {
  let afterId = 0;
  for (;;) {
    const batch = await read(afterId, batchSize);
    yield* batch;
    if (batch.length < batchSize) return;
    afterId = batch[batch.length - 1]!.id;
  }
}

const after = (afterId: number, take: number) => ({
  where: { id: { gt: afterId } },
  orderBy: { id: 'asc' as const },
  take,
});

export const readUsers = () =>
  inBatches((id, take) =>
    db.user.findMany({
      ...after(id, take),
      // Never the password hash: an export is a file people pass around.
      select: { id: true, login: true, displayName: true, email: true, role: true, createdAt: true, updatedAt: true },
    }),
  );

export const readSections = () => inBatches((id, take) => db.section.findMany(after(id, take)));
export const readTags = () => inBatches((id, take) => db.tag.findMany(after(id, take)));
export const readPages = () => inBatches((id, take) => db.page.findMany(after(id, take)));

export const articleRelations = {
  author: { select: { login: true } },
  section: { select: { id: true, slug: true, name: true } },
  taggings: { select: { tag: { select: { id: true, name: true, slug: true } } }, orderBy: { tag: { name: 'asc' } } },
} as const;

export const readArticles = () =>
  inBatches((id, take) => db.article.findMany({ ...after(id, take), include: articleRelations }));

export type ExportedArticle = Prisma.ArticleGetPayload<{ include: typeof articleRelations }>;

/** An article's revisions, oldest first (an article keeps at most 21). */
export const readRevisions = (articleId: number) =>
  db.revision.findMany({ where: { articleId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });

export const readComments = () => inBatches((id, take) => db.comment.findMany(after(id, take)));
export const readAssets = () => inBatches((id, take) => db.asset.findMany(after(id, take)));
export const readRedirects = () => inBatches((id, take) => db.redirect.findMany(after(id, take)));
export const readSettings = () => db.setting.findUnique({ where: { id: 1 } });
