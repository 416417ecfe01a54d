import type { Request, Response } from 'express';
import { signedInUser } from '#app/middleware/authentication.ts';
import { commentStatuses } from '#app/models/comment.ts';
import {
  moderationQueue,
  moderateComments,
  moderatedComment,
  countSpam,
  deleteAllSpam,
  isCommentStatus,
  type ModerationAction,
} from '#app/models/comment/moderation.ts';
import { renderAdmin, flash } from '#app/controllers/concerns/admin-page.ts';
import { pluralize } from '#app/helpers/counts.ts';
import { articlePath } from '#app/helpers/permalinks.ts';
import { idList, pageQuery } from '#app/controllers/concerns/form-input.ts';
import { idParam, listPage, parseRecordId } from '#app/controllers/concerns/params.ts';
import { orNotFound } from '#app/middleware/http-errors.ts';
import { appContext } from '#app/context.ts';

/** GET /admin/comments?status=pending|approved|spam&page=N: the queue, newest first (an author sees comments on their own articles). */
export async function index(req: Request, res: Response) {
  const status = isCommentStatus(req.query.status) ? req.query.status : 'pending';
  const queue = await moderationQueue(signedInUser(req), status, pageQuery(req));
  await renderAdmin(
    req,
    res,
    'comments/index',
    { ...queue, status, statuses: commentStatuses, articlePath },
    { title: 'Comments', section: 'comments' },
  );
}

/**
 * GET /admin/comments/:id: one comment with its actions, the page the mail
 * to the author links to (sign-in comes first, then back here).
 */
export async function show(req: Request, res: Response) {
  const comment = orNotFound(
    await moderatedComment(signedInUser(req), idParam(req)),
    'There is no such comment, or it is on another author’s article.',
  );
  await renderAdmin(
    req,
    res,
    'comments/show',
    { comment, articlePath },
    { title: `Comment by ${comment.authorName}`, section: 'comments' },
  );
}

/** POST /admin/comments/approval (ids) */
export const approve = bulkAction('approve', 'approved');
/** POST /admin/comments/spam-marking (ids) */
export const markSpam = bulkAction('spam', 'marked as spam');
/** POST /admin/comments/deletion (ids) */
export const destroy = bulkAction('delete', 'deleted');

/** GET /admin/comments/spam/deletion: asks before deleting all spam. */
export async function confirmSpamDeletion(req: Request, res: Response) {
  await renderAdmin(
    req,
    res,
    'comments/spam-deletion',
    { spam: await countSpam(signedInUser(req)) },
    { title: 'Delete all spam', section: 'comments' },
  );
}

/** POST /admin/comments/spam/deletion */
export async function destroySpam(req: Request, res: Response) {
  const deleted = await deleteAllSpam(signedInUser(req));
  flash(req, 'notice', deleted ? `${pluralize(deleted, 'spam comment')} deleted.` : 'There was no spam to delete.');
  res.redirect(303, '/admin/comments?status=spam');
}

/**
 * One handler per action. Ids the moderator may not touch (another author's
 * comments, deleted ones) are skipped, so the message counts what changed.
 */
function bulkAction(action: ModerationAction, done: string) {
  return async (req: Request, res: Response) => {
    const ids = idList(req);
    const changed = await moderateComments(signedInUser(req), ids, action, appContext(req).config);
    if (!ids.length) flash(req, 'alert', 'Select at least one comment first.');
    else
      flash(
        req,
        changed ? 'notice' : 'alert',
        changed ? `${pluralize(changed, 'comment')} ${done}.` : 'No comment changed.',
      );
    res.redirect(303, backToPage(req, action));
  };
}

/**
 * The page the form was on: one comment's (`shown`, its id), unless it was
 * just deleted; else the queue (its status and page come back as hidden fields).
 */
function backToPage(req: Request, action: ModerationAction): string {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const shown = parseRecordId(body.shown);
  if (shown !== null && action !== 'delete') return `/admin/comments/${shown}`;
  const status = isCommentStatus(body.status) ? body.status : 'pending';
  const page = listPage(body.page);
  return `/admin/comments?status=${status}${page > 1 ? `&page=${page}` : ''}`;
}
