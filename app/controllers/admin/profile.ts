/**
 * GET/POST /admin/profile: what the signed-in user chooses to be mailed
 * about. Every user has this page, authors included: it changes only their
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

const fields = ['notifyComments'] as const;

/** GET /admin/profile */
export async function edit(req: Request, res: Response) {
  await renderForm(req, res, { values: { notifyComments: signedInUser(req).notifyComments } });
}

/** POST /admin/profile */
export async function update(req: Request, res: Response) {
  const values = formFields(req, fields);
  await saveOrShowErrors(
    async () => {
      // The model checks the choice against the list; the cast only satisfies the type.
      await updateNotificationChoices(signedInUser(req).id, {
        notifyComments: values.notifyComments as NotifyComments,
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
    { values, errors, choices: notifyCommentChoices, blogSendsMail: commentNotifications },
    { title: 'Your mail', section: 'profile', status },
  );
}
