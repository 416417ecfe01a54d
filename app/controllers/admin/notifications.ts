import type { Request, Response } from 'express';
import { listNotifications, retryNotification, deleteNotification } from '#app/models/notification.ts';
import { appContext } from '#app/context.ts';
import { notFound } from '#app/middleware/http-errors.ts';
import { renderAdmin, flash } from '#app/controllers/concerns/admin-page.ts';
import { idParam } from '#app/controllers/concerns/params.ts';

/** GET /admin/notifications: what waits, what was given up, what was delivered lately. */
export async function index(req: Request, res: Response) {
  const listing = await listNotifications();
  const mailConfigured = Boolean(appContext(req).config.monitoring.smtpUrl);
  await renderAdmin(
    req,
    res,
    'notifications/index',
    { ...listing, mailConfigured },
    { title: 'Notifications', section: 'notifications' },
  );
}

/** POST /admin/notifications/:id/delivery: send it at the outbox's next round. */
export async function deliver(req: Request, res: Response) {
  const { config, clock } = appContext(req);
  if (!(await retryNotification(idParam(req), clock.now()))) throw notFound('There is no such notification waiting.');
  flash(
    req,
    'notice',
    `The notification is sent at the outbox's next round (every ${config.monitoring.checkSeconds} s).`,
  );
  res.redirect(303, '/admin/notifications');
}

/** POST /admin/notifications/:id/deletion */
export async function destroy(req: Request, res: Response) {
  if (!(await deleteNotification(idParam(req)))) throw notFound('There is no such notification.');
  flash(req, 'notice', 'The notification is deleted.');
  res.redirect(303, '/admin/notifications');
}
