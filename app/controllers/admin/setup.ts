import type { Request, Response } from 'express';
import { createAccount, countAdmins } from '#app/models/user.ts';
import { ValidationError } from '#app/models/validation.ts';
import { renderAdmin, flash } from '#app/controllers/concerns/admin-page.ts';
import { notFound } from '#app/middleware/errors.ts';
import { regenerateSession, saveSession } from '#app/middleware/session.ts';

/** GET /admin/setup: only while no administrator exists. */
export async function newAdmin(req: Request, res: Response) {
  await ensureNoAdmin();
  await renderAdmin(req, res, 'setup/new', { values: {}, errors: {} }, { title: 'Set up Folio' });
}

/** POST /admin/setup: creates the first administrator and signs them in. */
export async function create(req: Request, res: Response) {
  await ensureNoAdmin();
  const body = (req.body ?? {}) as Record<string, unknown>;
  const values = Object.fromEntries(
    ['login', 'displayName', 'email', 'password', 'passwordConfirmation'].map((k) => [
      k,
      typeof body[k] === 'string' ? body[k] : '',
    ]),
  );
  try {
    if (values.password !== values.passwordConfirmation)
      throw new ValidationError({ passwordConfirmation: 'The two passwords differ.' });
    const user = await createAccount({
      login: values.login!,
      displayName: values.displayName,
      email: values.email!,
      password: values.password!,
      role: 'admin',
    });
    await regenerateSession(req);
    req.session.userId = user.id;
    req.session.signedInAt = Date.now();
    flash(req, 'notice', `Welcome, ${user.displayName}. Your blog is ready.`);
    await saveSession(req);
    res.redirect(303, '/admin');
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const { password: _p, passwordConfirmation: _c, ...kept } = values;
    await renderAdmin(
      req,
      res,
      'setup/new',
      { values: kept, errors: error.fields },
      { title: 'Set up Folio', status: 422 },
    );
  }
}

async function ensureNoAdmin() {
  if ((await countAdmins()) > 0) throw notFound();
}
