import type { Request, Response } from 'express';
import {
  listRedirects,
  findRedirect,
  currentTarget,
  saveRedirect,
  deleteRedirect,
  type Redirect,
} from '#app/models/redirect.ts';
import { appContext } from '#app/context.ts';
import { orNotFound } from '#app/middleware/http-errors.ts';
import { renderAdmin, flash } from '#app/controllers/concerns/admin-page.ts';
import { formFields, pageQuery } from '#app/controllers/concerns/form-input.ts';
import { saveOrShowErrors, type FormState } from '#app/controllers/concerns/form-errors.ts';
import { idParam } from '#app/controllers/concerns/params.ts';

const fields = ['from', 'to'] as const;

/** GET /admin/redirects?origin=&q=&page=N */
export async function index(req: Request, res: Response) {
  const filter = { origin: queryText(req.query.origin), text: queryText(req.query.q) };
  const listing = await listRedirects(filter, pageQuery(req), appContext(req).clock.now());
  await renderAdmin(req, res, 'redirects/index', { ...listing, filter }, { title: 'Redirects', section: 'redirects' });
}

/** GET /admin/redirects/new */
export async function newRedirect(req: Request, res: Response) {
  await renderForm(req, res, null, { values: { from: '', to: '' } });
}

/** POST /admin/redirects */
export async function create(req: Request, res: Response) {
  await save(req, res, null);
}

/** GET /admin/redirects/:id/edit */
export async function edit(req: Request, res: Response) {
  const redirect = await loadRedirect(req);
  await renderForm(req, res, redirect, {
    values: { from: redirect.fromPath, to: redirect.targetType === 'url' ? redirect.toUrl : '' },
  });
}

/** POST /admin/redirects/:id */
export async function update(req: Request, res: Response) {
  await save(req, res, await loadRedirect(req));
}

/** GET /admin/redirects/:id/deletion: asks first. */
export async function confirmDeletion(req: Request, res: Response) {
  const redirect = await loadRedirect(req);
  await renderAdmin(req, res, 'redirects/deletion', { redirect }, { title: 'Delete a redirect', section: 'redirects' });
}

/** POST /admin/redirects/:id/deletion */
export async function destroy(req: Request, res: Response) {
  const redirect = await loadRedirect(req);
  await deleteRedirect(redirect.id);
  flash(req, 'notice', `The redirect from ${redirect.fromPath} is deleted.`);
  res.redirect(303, '/admin/redirects');
}

async function save(req: Request, res: Response, redirect: Redirect | null) {
  const values = formFields(req, fields);
  await saveOrShowErrors(
    async () => {
      const saved = await saveRedirect(values, appContext(req).config.baseUrl, redirect?.id);
      flash(req, 'notice', `The redirect from ${saved.fromPath} is saved.`);
      res.redirect(303, '/admin/redirects');
    },
    (refused) => renderForm(req, res, redirect, { values, ...refused }),
  );
}

async function loadRedirect(req: Request): Promise<Redirect> {
  return orNotFound(await findRedirect(idParam(req)), 'There is no such redirect.');
}

async function renderForm(req: Request, res: Response, redirect: Redirect | null, state: FormState) {
  const { values, errors = {}, status } = state;
  const target = redirect ? await currentTarget(redirect, appContext(req).clock.now()) : null;
  return renderAdmin(
    req,
    res,
    'redirects/form',
    { redirect, target, values, errors },
    { title: redirect ? 'Edit a redirect' : 'New redirect', section: 'redirects', status },
  );
}

function queryText(value: unknown): string {
  return typeof value === 'string' ? value.trim().slice(0, 200) : '';
}
