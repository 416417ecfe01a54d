import type { Request, Response } from 'express';
import { listTagsWithCounts, findTagById, renameTag, deleteTag, mergeTags } from '#app/models/tag.ts';
import { ValidationError } from '#app/models/validation.ts';
import type { Tag } from '#app/models/db.ts';
import { tagPath } from '#app/helpers/permalinks.ts';
import { orNotFound } from '#app/middleware/http-errors.ts';
import { renderAdmin, flash } from '#app/controllers/concerns/admin-page.ts';
import { formFields } from '#app/controllers/concerns/form-input.ts';
import { saveOrShowErrors, type FormState } from '#app/controllers/concerns/form-errors.ts';
import { idParam, parseRecordId } from '#app/controllers/concerns/params.ts';

/** GET /admin/tags: every tag with its article count. */
export async function index(req: Request, res: Response) {
  await renderAdmin(
    req,
    res,
    'tags/index',
    { tags: await listTagsWithCounts(), tagPath },
    { title: 'Tags', section: 'tags' },
  );
}

/** GET /admin/tags/:id/edit: rename, merge into another, or delete. */
export async function edit(req: Request, res: Response) {
  const tag = await loadTag(req);
  await renderEdit(req, res, tag, { values: { name: tag.name, into: '' } });
}

/** POST /admin/tags/:id: rename (the slug follows the name). */
export async function update(req: Request, res: Response) {
  const tag = await loadTag(req);
  const { name } = formFields(req, ['name']);
  await saveOrShowErrors(
    async () => {
      const renamed = await renameTag(tag.id, name);
      flash(req, 'notice', `“${tag.name}” is now “${renamed.name}”.`);
      res.redirect(303, '/admin/tags');
    },
    (refused) => renderEdit(req, res, tag, { values: { name, into: '' }, ...refused }),
  );
}

/** POST /admin/tags/:id/merger: `into` is the tag that stays. */
export async function merge(req: Request, res: Response) {
  const tag = await loadTag(req);
  const { into } = formFields(req, ['into']);
  await saveOrShowErrors(
    async () => {
      const intoId = parseRecordId(into);
      if (intoId === null) throw new ValidationError({ into: 'Choose the tag to merge into.' });
      await mergeTags(tag.id, intoId);
      flash(req, 'notice', `“${tag.name}” is merged.`);
      res.redirect(303, '/admin/tags');
    },
    (refused) => renderEdit(req, res, tag, { values: { name: tag.name, into }, ...refused }),
  );
}

/** POST /admin/tags/:id/deletion: the articles stay, without this tag. */
export async function destroy(req: Request, res: Response) {
  const tag = await loadTag(req);
  await deleteTag(tag.id);
  flash(req, 'notice', `The tag “${tag.name}” is deleted.`);
  res.redirect(303, '/admin/tags');
}

async function loadTag(req: Request): Promise<Tag> {
  return orNotFound(await findTagById(idParam(req)), 'There is no such tag.');
}

async function renderEdit(req: Request, res: Response, tag: Tag, { values, errors = {}, status }: FormState) {
  const others = (await listTagsWithCounts()).filter((t) => t.id !== tag.id);
  await renderAdmin(
    req,
    res,
    'tags/edit',
    { tag, values, errors, others, tagPath },
    { title: `Tag ${tag.name}`, section: 'tags', status },
  );
}
