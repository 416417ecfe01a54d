/** The dashboard's overview of the articles an editor may edit: counts, the latest drafts and comments. */
import { db } from '#app/models/db.ts';
import { scheduledWhere, visibleWhere } from '#app/models/article/visibility.ts';
import { editableBy, type Editor } from '#app/models/article/editing.ts';

const latest = 5;

export async function articleOverview(editor: Editor, now = new Date()) {
  const mine = editableBy(editor);
  const [published, drafts, scheduled, pendingComments, latestDrafts, latestComments] = await Promise.all([
    db.article.count({ where: { AND: [mine, visibleWhere(now)] } }),
    db.article.count({ where: { ...mine, state: 'draft' } }),
    db.article.count({ where: { AND: [mine, scheduledWhere(now)] } }),
    db.comment.count({ where: { status: 'pending', article: mine } }),
    db.article.findMany({
      where: { ...mine, state: 'draft' },
      orderBy: { updatedAt: 'desc' },
      take: latest,
      select: { id: true, title: true, updatedAt: true },
    }),
    db.comment.findMany({
      where: { article: mine },
      orderBy: { createdAt: 'desc' },
      take: latest,
      include: { article: { select: { title: true } } },
    }),
  ]);
  return { counts: { published, drafts, scheduled, pendingComments }, latestDrafts, latestComments };
}
