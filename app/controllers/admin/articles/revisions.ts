import type { Request, Response } from 'express';
import { signedInUser } from '#app/middleware/authentication.ts';
import { orNotFound } from '#app/middleware/http-errors.ts';
import { listRevisions, findRevision, restoreRevision, keptSaveRevisions } from '#app/models/article/revisions.ts';
import { revisionDiff } from '#app/models/article/revision-diff.ts';
import { renderAdmin, flash, adminHelpersOf } from '#app/controllers/concerns/admin-page.ts';
import { editableArticle, noSuchArticle } from '#app/controllers/concerns/editable-article.ts';
import { saveOrShowErrors } from '#app/controllers/concerns/form-errors.ts';
import { idParam } from '#app/controllers/concerns/params.ts';

/** GET /admin/articles/:id/revisions */
export async function index(req: Request, res: Response) {
  const article = await editableArticle(req);
  const revisions = await listRevisions(article.id);
  await renderAdmin(
    req,
    res,
    'articles/revisions/index',
    { article, revisions, kept: keptSaveRevisions },
    { title: `Revisions of “${article.title}”`, section: 'articles' },
  );
}

/** GET /admin/articles/:id/revisions/:revisionId: the revision against the current text. */
export async function show(req: Request, res: Response) {
  const { article, revision } = await loadRevision(req);
  const diff = revisionDiff(revision, article);
  await renderAdmin(
    req,
    res,
    'articles/revisions/show',
    { article, revision, diff },
    { title: `Revision of “${article.title}”`, section: 'articles' },
  );
}

/** POST /admin/articles/:id/revisions/:revisionId/restoration: keeps the current text as a revision, then puts this one back. */
export async function restore(req: Request, res: Response) {
  const { article, revision } = await loadRevision(req);
  await saveOrShowErrors(
    async () => {
      await restoreRevision(article, revision, signedInUser(req).id);
      const when = (await adminHelpersOf()).dateTime(revision.createdAt);
      flash(req, 'notice', `Restored the text from ${when}. The text it replaced is kept as a revision.`);
    },
    ({ message }) => flash(req, 'alert', `Could not restore that revision: ${message}`),
  );
  res.redirect(303, `/admin/articles/${article.id}/edit`);
}

async function loadRevision(req: Request) {
  const article = await editableArticle(req);
  const revision = await findRevision(article.id, idParam(req, 'revisionId', noSuchArticle));
  return { article, revision: orNotFound(revision, 'There is no such revision of this article.') };
}
