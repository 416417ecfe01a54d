/**
 * GET/POST /admin/profile: what the signed-in user chooses to be mailed
 * about (comments; alerts for administrators). Every user has this page, authors included: it changes only their
 * own account.
 */
import type { Request, Response } from 'express';
import { signedInUser } from '#app/middleware/authentication.ts';
import { currentSettings } from '#app/models/settings.ts';
import {
  notifyCommentChoices,
  updateNotificationChoices,
  type NotifyComments,
} from '#app/models/user/notifications.ts';
import { renderAdmin, flash } from '#app/controllers/concerns/admin-page.ts';
import { formFields } from '#app/controllers/concerns/form-input.ts';
import { saveOrShowErrors, type FormState } from '#app/controllers/concerns/form-errors.ts';

const fields = ['notifyComments', 'notifyAlerts'] as const;

/** GET /admin/profile */
export async function edit(req: Request, res: Response) {
  const user = signedInUser(req);
  await renderForm(req, res, {
    values: { notifyComments: user.notifyComments, notifyAlerts: user.notifyAlerts ? 'on' : '' },
  });
}

/** POST /admin/profile */
export async function update(req: Request, res: Response) {
  const values = formFields(req, fields);
  await saveOrShowErrors(
    async () => {
      // The model checks the choice against the list; the cast only satisfies the type.
      const user = signedInUser(req);
      await updateNotificationChoices(user.id, {
        notifyComments: values.notifyComments as NotifyComments,
        // Only administrators are mailed about alerts, so only their form has the box.
        ...(user.role === 'admin' ? { notifyAlerts: values.notifyAlerts === 'on' } : {}),
      });
      flash(req, 'notice', 'Your choices are saved.');
      res.redirect(303, '/admin/profile');
    },
    (refused) => renderForm(req, res, { values, ...refused }),
  );
}

async function renderForm(req: Request, res: Response, { values, errors = {}, status }: FormState) {
  const { commentNotifications } = await currentSettings();
  await renderAdmin(
    req,
    res,
    'profile/edit',
    {
      values,
      errors,
      choices: notifyCommentChoices,
      blogSendsMail: commentNotifications,
      isAdmin: signedInUser(req).role === 'admin',
      hasEmail: signedInUser(req).email !== '',
    },
    { title: 'Your mail', section: 'profile', status },
  );
}
