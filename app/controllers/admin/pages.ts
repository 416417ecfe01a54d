import type { Request, Response } from 'express';
import { listPages, findPageById, savePage, deletePage } from '#app/models/page.ts';
import type { Page } from '#app/models/db.ts';
import { textFilterNames } from '#app/text-filters/index.ts';
import { pagePath } from '#app/helpers/permalinks.ts';
import { orNotFound } from '#app/middleware/http-errors.ts';
import { renderAdmin, flash } from '#app/controllers/concerns/admin-page.ts';
import { formFields } from '#app/controllers/concerns/form-input.ts';
import { saveOrShowErrors, type FormState } from '#app/controllers/concerns/form-errors.ts';
import { idParam } from '#app/controllers/concerns/params.ts';

const fields = ['title', 'slug', 'bodySource', 'textFilter'] as const;

/** GET /admin/pages */
export async function index(req: Request, res: Response) {
  await renderAdmin(
    req,
    res,
    'pages/index',
    { pages: await listPages(), pagePath },
    { title: 'Pages', section: 'pages' },
  );
}

/** GET /admin/pages/new */
export async function newPage(req: Request, res: Response) {
  await renderForm(req, res, null, { values: { title: '', slug: '', bodySource: '', textFilter: 'markdown' } });
}

/** POST /admin/pages */
export async function create(req: Request, res: Response) {
  await save(req, res, null);
}

/** GET /admin/pages/:id/edit */
export async function edit(req: Request, res: Response) {
  const page = await loadPage(req);
  const { title, slug, bodySource, textFilter } = page;
  await renderForm(req, res, page, { values: { title, slug, bodySource, textFilter } });
}

/** POST /admin/pages/:id */
export async function update(req: Request, res: Response) {
  await save(req, res, await loadPage(req));
}

/** GET /admin/pages/:id/deletion: asks first. */
export async function confirmDeletion(req: Request, res: Response) {
  const page = await loadPage(req);
  await renderAdmin(req, res, 'pages/deletion', { page }, { title: `Delete ${page.title}`, section: 'pages' });
}

/** POST /admin/pages/:id/deletion */
export async function destroy(req: Request, res: Response) {
  const page = await loadPage(req);
  await deletePage(page.id);
  flash(req, 'notice', `The page “${page.title}” is deleted.`);
  res.redirect(303, '/admin/pages');
}

async function save(req: Request, res: Response, page: Page | null) {
  const values = formFields(req, fields);
  await saveOrShowErrors(
    async () => {
      const saved = await savePage(values, page?.id);
      flash(req, 'notice', `The page “${saved.title}” is saved.`);
      res.redirect(303, '/admin/pages');
    },
    (refused) => renderForm(req, res, page, { values, ...refused }),
  );
}

async function loadPage(req: Request): Promise<Page> {
  return orNotFound(await findPageById(idParam(req)), 'There is no such page.');
}

function renderForm(req: Request, res: Response, page: Page | null, { values, errors = {}, status }: FormState) {
  const title = page ? `Edit ${page.title}` : 'New page';
  return renderAdmin(
    req,
    res,
    'pages/form',
    { page, values, errors, textFilterNames, pagePath },
    { title, section: 'pages', status },
  );
}
