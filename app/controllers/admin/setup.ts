import type { Request, Response } from 'express';
import { createAccount, countAdmins } from '#app/models/user.ts';
import { renderAdmin, flash } from '#app/controllers/concerns/admin-page.ts';
import { ensurePasswordsMatch, formFields } from '#app/controllers/concerns/form-input.ts';
import { saveOrShowErrors } from '#app/controllers/concerns/form-errors.ts';
import { notFound } from '#app/middleware/http-errors.ts';
import { regenerateSession, saveSession } from '#app/middleware/session.ts';

/** GET /admin/setup: only while no administrator exists. */
export async function newAdmin(req: Request, res: Response) {
  await ensureNoAdmin();
  await renderAdmin(req, res, 'setup/new', { values: {}, errors: {} }, { title: 'Set up Folio' });
}

/** POST /admin/setup: creates the first administrator and signs them in. */
export async function create(req: Request, res: Response) {
  await ensureNoAdmin();
  const values = formFields(req, ['login', 'displayName', 'email', 'password', 'passwordConfirmation']);
  await saveOrShowErrors(
    async () => {
      ensurePasswordsMatch(values);
      const { login, displayName, email, password } = values;
      const user = await createAccount({ login, displayName, email, password, role: 'admin' });
      await regenerateSession(req);
      req.session.userId = user.id;
      req.session.signedInAt = Date.now();
      flash(req, 'notice', `Welcome, ${user.displayName}. Your blog is ready.`);
      await saveSession(req);
      res.redirect(303, '/admin');
    },
    ({ errors, status }) => {
      const { password: _p, passwordConfirmation: _c, ...kept } = values;
      return renderAdmin(req, res, 'setup/new', { values: kept, errors }, { title: 'Set up Folio', status });
    },
  );
}

async function ensureNoAdmin() {
  if ((await countAdmins()) > 0) throw notFound();
}
