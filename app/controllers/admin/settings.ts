import type { Request, Response } from 'express';
import { appContext } from '#app/context.ts';
import { currentSettings, updateSettings, commentPolicies, type CommentPolicy } from '#app/models/settings.ts';
import { renderAdmin, flash } from '#app/controllers/concerns/admin-page.ts';
import { formFields } from '#app/controllers/concerns/form-input.ts';
import { saveOrShowErrors, type FormState } from '#app/controllers/concerns/form-errors.ts';
import { imageChoices as imageChoicesFor } from '#app/models/upload/image-choices.ts';
import { parseRecordId } from '#app/models/record-id.ts';
import { signedInUser } from '#app/middleware/authentication.ts';

/** The fields this form may change; the theme has its own page, and nothing else passes. */
const fields = [
  'blogTitle',
  'subtitle',
  'articlesPerPage',
  'timeZone',
  'commentPolicy',
  'commentsCloseAfterDays',
  'defaultImageAssetId',
  'websubHub',
] as const;
/** Checkboxes: "on" when ticked, absent when not. */
const switches = ['commentNotifications', 'replySubscriptions', 'webmentions'] as const;

/** GET /admin/settings */
export async function edit(req: Request, res: Response) {
  const settings = await currentSettings();
  const values: Record<string, string> = Object.fromEntries([
    ...fields.map((k): [string, string] => [k, String(settings[k] ?? '')]),
    ...switches.map((k): [string, string] => [k, settings[k] ? 'on' : '']),
  ]);
  await renderForm(req, res, { values });
}

/** POST /admin/settings */
export async function update(req: Request, res: Response) {
  const values = formFields(req, [...fields, ...switches]);
  const themes = [...appContext(req).themes.keys()];
  await saveOrShowErrors(
    async () => {
      // The model checks the policy against the list; the cast only satisfies the type.
      await updateSettings(
        {
          ...values,
          commentPolicy: values.commentPolicy as CommentPolicy,
          commentNotifications: values.commentNotifications === 'on',
          replySubscriptions: values.replySubscriptions === 'on',
          defaultImageAssetId: chosenImageId(values.defaultImageAssetId),
          webmentions: values.webmentions === 'on',
        },
        themes,
      );
      flash(req, 'notice', 'Settings saved.');
      res.redirect(303, '/admin/settings');
    },
    (refused) => renderForm(req, res, { values, ...refused }),
  );
}

/** '' is none; anything but an id is refused by the model with the field's message (0 is never an id). */
function chosenImageId(value: string): number | null {
  return value.trim() ? (parseRecordId(value.trim()) ?? 0) : null;
}

async function renderForm(req: Request, res: Response, { values, errors = {}, status }: FormState) {
  const imageChoices = await imageChoicesFor(signedInUser(req), parseRecordId(values.defaultImageAssetId ?? ''));
  return renderAdmin(
    req,
    res,
    'settings/edit',
    { values, errors, commentPolicies, timeZones: timeZoneNames(), imageChoices },
    { title: 'Settings', section: 'settings', status },
  );
}

let zones: readonly string[] | undefined;
/** The time zones this Node knows, for the form's suggestions. */
function timeZoneNames(): readonly string[] {
  zones ??= ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
  return zones;
}
