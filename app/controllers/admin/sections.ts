import type { Request, Response } from 'express';
import {
  listSections,
  findSectionById,
  saveSection,
  deleteSection,
  moveSection,
  sectionStyles,
} from '#app/models/section.ts';
import { listPages } from '#app/models/page.ts';
import type { Section } from '#app/models/db.ts';
import { sectionPath } from '#app/helpers/permalinks.ts';
import { orNotFound } from '#app/middleware/http-errors.ts';
import { renderAdmin, flash } from '#app/controllers/concerns/admin-page.ts';
import { formFields } from '#app/controllers/concerns/form-input.ts';
import { saveOrShowErrors, type FormState } from '#app/controllers/concerns/form-errors.ts';
import { idParam, wholeNumber } from '#app/controllers/concerns/params.ts';

const fields = ['name', 'slug', 'style', 'pageId'] as const;
const maxPosition = 9999;

/** GET /admin/sections: in navigation order, with move buttons. */
export async function index(req: Request, res: Response) {
  await renderIndex(req, res, null);
}

/** GET /admin/sections/new */
export async function newSection(req: Request, res: Response) {
  await renderForm(req, res, null, { values: { name: '', slug: '', style: 'blog', pageId: '' } });
}

/** POST /admin/sections: added at the end of the navigation. */
export async function create(req: Request, res: Response) {
  await save(req, res, null);
}

/** GET /admin/sections/:id/edit */
export async function edit(req: Request, res: Response) {
  const section = await loadSection(req);
  const { name, slug, style, pageId } = section;
  await renderForm(req, res, section, { values: { name, slug, style, pageId: String(pageId ?? '') } });
}

/** POST /admin/sections/:id */
export async function update(req: Request, res: Response) {
  await save(req, res, await loadSection(req));
}

/** POST /admin/sections/:id/position: `move=up|down`, or `position` (1 is first). */
export async function move(req: Request, res: Response) {
  const section = await loadSection(req);
  const { move: direction, position } = formFields(req, ['move', 'position']);
  const place = wholeNumber(position, maxPosition);
  const target = direction === 'up' || direction === 'down' ? direction : place === null ? null : place - 1;
  if (target === null)
    return renderIndex(req, res, 'Give a position of 1 or more, or move the section up or down.', 422);
  await moveSection(section.id, target);
  flash(req, 'notice', `“${section.name}” moved.`);
  res.redirect(303, '/admin/sections');
}

/** POST /admin/sections/:id/deletion: its articles stay, in no section. */
export async function destroy(req: Request, res: Response) {
  const section = await loadSection(req);
  await deleteSection(section.id);
  flash(req, 'notice', `The section “${section.name}” is deleted; its articles are kept.`);
  res.redirect(303, '/admin/sections');
}

async function save(req: Request, res: Response, section: Section | null) {
  const values = formFields(req, fields);
  await saveOrShowErrors(
    async () => {
      // The model checks the style against the list; the cast only satisfies the type.
      const saved = await saveSection(
        { ...values, style: values.style as (typeof sectionStyles)[number] },
        section?.id,
      );
      flash(req, 'notice', `The section “${saved.name}” is saved.`);
      res.redirect(303, '/admin/sections');
    },
    (refused) => renderForm(req, res, section, { values, ...refused }),
  );
}

async function loadSection(req: Request): Promise<Section> {
  return orNotFound(await findSectionById(idParam(req)), 'There is no such section.');
}

async function renderIndex(req: Request, res: Response, error: string | null, status = 200) {
  await renderAdmin(
    req,
    res,
    'sections/index',
    { sections: await listSections(), sectionPath, error },
    { title: 'Sections', section: 'sections', status },
  );
}

async function renderForm(
  req: Request,
  res: Response,
  section: Section | null,
  { values, errors = {}, status }: FormState,
) {
  const pages = await listPages();
  await renderAdmin(
    req,
    res,
    'sections/form',
    { section, values, errors, pages, sectionStyles },
    { title: section ? `Edit ${section.name}` : 'New section', section: 'sections', status },
  );
}
