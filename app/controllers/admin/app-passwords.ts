/**
 * GET/POST /admin/app-passwords: the signed-in user's application
 * passwords and IndieAuth tokens (everyone sees only their own). A new
 * secret is shown once, in the answer to the POST that made it: never put in
 * the session or a flash, and the page is not stored (no-store).
 */
import type { Request, Response } from 'express';
import { signedInUser } from '#app/middleware/authentication.ts';
import { appContext } from '#app/context.ts';
import { orNotFound } from '#app/middleware/http-errors.ts';
import {
  createAppPassword,
  displaySecret,
  listAppPasswords,
  revokeAppPassword,
  type IssuedSecret,
} from '#app/models/app-password.ts';
import { renderAdmin, flash } from '#app/controllers/concerns/admin-page.ts';
import { formFields } from '#app/controllers/concerns/form-input.ts';
import { saveOrShowErrors, type FormState } from '#app/controllers/concerns/form-errors.ts';
import { idParam } from '#app/controllers/concerns/params.ts';

/** GET /admin/app-passwords */
export async function index(req: Request, res: Response) {
  await renderPage(req, res, null, { values: { name: '' } });
}

/** POST /admin/app-passwords */
export async function create(req: Request, res: Response) {
  const values = formFields(req, ['name']);
  await saveOrShowErrors(
    async () => {
      const issued = await createAppPassword(signedInUser(req).id, values.name);
      await renderPage(req, res, issued, { values: { name: '' }, status: 201 });
    },
    (refused) => renderPage(req, res, null, { values, ...refused }),
  );
}

/** POST /admin/app-passwords/:id/deletion: revoking is undone by making a new one, so it does not ask first. */
export async function destroy(req: Request, res: Response) {
  const revoked = orNotFound(
    await revokeAppPassword(idParam(req), signedInUser(req).id),
    'You have no such application password.',
  );
  flash(req, 'notice', `“${revoked.name}” is revoked: apps using it can no longer sign in.`);
  res.redirect(303, '/admin/app-passwords');
}

async function renderPage(req: Request, res: Response, issued: IssuedSecret | null, state: FormState) {
  const user = signedInUser(req);
  await renderAdmin(
    req,
    res,
    'app-passwords/index',
    {
      passwords: await listAppPasswords(user.id),
      created: issued && { name: issued.record.name, secret: displaySecret(issued.secret), token: issued.secret },
      blogUrl: appContext(req).config.baseUrl,
      login: user.login,
      values: state.values,
      errors: state.errors ?? {},
    },
    { title: 'Application passwords', section: 'app-passwords', status: state.status },
  );
}
