import type { Request, Response } from 'express';
import { createAccount, findUser, roles, type Role } from '#app/models/user.ts';
import {
  listAccounts,
  updateAccount,
  resetPassword,
  deletionImpact,
  deleteAccount,
} from '#app/models/user/management.ts';
import type { User } from '#app/models/db.ts';
import { signedInUser } from '#app/middleware/authentication.ts';
import { orNotFound } from '#app/middleware/http-errors.ts';
import { renderAdmin, flash } from '#app/controllers/concerns/admin-page.ts';
import { ensurePasswordsMatch, formFields } from '#app/controllers/concerns/form-input.ts';
import { saveOrShowErrors, type FormState } from '#app/controllers/concerns/form-errors.ts';
import { idParam } from '#app/controllers/concerns/params.ts';

const newFields = ['login', 'displayName', 'email', 'role', 'password', 'passwordConfirmation'] as const;
const profileFields = ['displayName', 'email', 'role'] as const;

/** GET /admin/users */
export async function index(req: Request, res: Response) {
  await renderAdmin(req, res, 'users/index', { users: await listAccounts() }, { title: 'Users', section: 'users' });
}

/** GET /admin/users/new */
export async function newUser(req: Request, res: Response) {
  await renderAdmin(
    req,
    res,
    'users/new',
    { values: { role: 'author' }, errors: {}, roles },
    { title: 'New user', section: 'users' },
  );
}

/** POST /admin/users */
export async function create(req: Request, res: Response) {
  const { password, passwordConfirmation, ...values } = formFields(req, newFields);
  await saveOrShowErrors(
    async () => {
      ensurePasswordsMatch({ password, passwordConfirmation });
      // The model validates the role: the cast only satisfies the type.
      const user = await createAccount({ ...values, role: values.role as Role, password });
      flash(req, 'notice', `${user.displayName} can now sign in as “${user.login}”.`);
      res.redirect(303, '/admin/users');
    },
    ({ errors, status }) =>
      renderAdmin(req, res, 'users/new', { values, errors, roles }, { title: 'New user', section: 'users', status }),
  );
}

/** GET /admin/users/:id/edit: the profile, a new password, and the way to delete. */
export async function edit(req: Request, res: Response) {
  const user = await loadUser(req);
  await renderEdit(req, res, user, { values: profileOf(user) });
}

/** POST /admin/users/:id */
export async function update(req: Request, res: Response) {
  const user = await loadUser(req);
  const values = formFields(req, profileFields);
  await saveOrShowErrors(
    async () => {
      await updateAccount(user.id, { ...values, role: values.role as Role });
      flash(req, 'notice', `${values.displayName.trim()}’s account is saved.`);
      // Someone who just made themselves an author can no longer see this page.
      const demotedSelf = user.id === signedInUser(req).id && values.role !== 'admin';
      res.redirect(303, demotedSelf ? '/admin' : '/admin/users');
    },
    (refused) => renderEdit(req, res, user, { values, ...refused }),
  );
}

/** POST /admin/users/:id/password: an administrator sets a new password. */
export async function updatePassword(req: Request, res: Response) {
  const user = await loadUser(req);
  const passwords = formFields(req, ['password', 'passwordConfirmation']);
  await saveOrShowErrors(
    async () => {
      ensurePasswordsMatch(passwords);
      await resetPassword(user.id, passwords.password, req.sessionID);
      flash(req, 'notice', `${user.displayName} has a new password; their other sessions were signed out.`);
      res.redirect(303, `/admin/users/${user.id}/edit`);
    },
    (refused) => renderEdit(req, res, user, { values: profileOf(user), ...refused }),
  );
}

/** GET /admin/users/:id/deletion: says what happens to their articles and uploads, then asks. */
export async function confirmDeletion(req: Request, res: Response) {
  const user = await loadUser(req);
  await renderDeletion(req, res, user, null);
}

/** POST /admin/users/:id/deletion: their articles and uploads are credited to the admin deleting them. */
export async function destroy(req: Request, res: Response) {
  const user = await loadUser(req);
  await saveOrShowErrors(
    async () => {
      const moved = await deleteAccount(user.id, signedInUser(req));
      const credited =
        moved.articles || moved.assets
          ? ` Their ${moved.articles} article(s) and ${moved.assets} upload(s) are now credited to you.`
          : '';
      flash(req, 'notice', `${user.displayName}’s account is deleted.${credited}`);
      res.redirect(303, '/admin/users');
    },
    ({ message, status }) => renderDeletion(req, res, user, message, status),
  );
}

function profileOf(user: User): Record<(typeof profileFields)[number], string> {
  return { displayName: user.displayName, email: user.email, role: user.role };
}

async function loadUser(req: Request): Promise<User> {
  return orNotFound(await findUser(idParam(req)), 'There is no such user.');
}

function renderEdit(req: Request, res: Response, user: User, { values, errors = {}, status }: FormState) {
  return renderAdmin(
    req,
    res,
    'users/edit',
    { user, values, errors, roles, isSelf: user.id === signedInUser(req).id },
    { title: `Edit ${user.displayName}`, section: 'users', status },
  );
}

async function renderDeletion(req: Request, res: Response, user: User, error: string | null, status = 200) {
  const impact = await deletionImpact(user.id);
  await renderAdmin(
    req,
    res,
    'users/deletion',
    { user, impact, error, isSelf: user.id === signedInUser(req).id },
    { title: `Delete ${user.displayName}`, section: 'users', status },
  );
}
