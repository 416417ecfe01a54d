import type { Request, Response } from 'express';
import { db } from '#app/models/db.ts';
import { signedInUser } from '#app/middleware/authentication.ts';
import { renderAdmin } from '#app/controllers/concerns/admin-page.ts';

/** GET /admin: counts, latest drafts and comments (an author sees their own). */
export async function show(req: Request, res: Response) {
  const user = signedInUser(req);
  const mine = user.role === 'admin' ? {} : { authorId: user.id };
  const now = new Date();
  const [published, drafts, scheduled, pendingComments, latestDrafts, comments] = await Promise.all([
    db.article.count({ where: { ...mine, state: 'published', publishedAt: { lte: now } } }),
    db.article.count({ where: { ...mine, state: 'draft' } }),
    db.article.count({ where: { ...mine, state: 'published', publishedAt: { gt: now } } }),
    db.comment.count({ where: { status: 'pending', article: mine } }),
    db.article.findMany({
      where: { ...mine, state: 'draft' },
      orderBy: { updatedAt: 'desc' },
      take: 5,
      select: { id: true, title: true, updatedAt: true },
    }),
    db.comment.findMany({
      where: { article: mine },
      orderBy: { createdAt: 'desc' },
      take: 5,
      include: { article: { select: { title: true } } },
    }),
  ]);
  await renderAdmin(
    req,
    res,
    'dashboard/show',
    { counts: { published, drafts, scheduled, pendingComments }, drafts: latestDrafts, comments },
    { title: 'Dashboard', section: 'dashboard' },
  );
}
