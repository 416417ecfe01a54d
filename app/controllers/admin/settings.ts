import type { Request, Response } from 'express';
import { appContext } from '#app/context.ts';
import { currentSettings, updateSettings, commentPolicies, type CommentPolicy } from '#app/models/settings.ts';
import { renderAdmin, flash } from '#app/controllers/concerns/admin-page.ts';
import { formFields } from '#app/controllers/concerns/form-input.ts';
import { saveOrShowErrors, type FormState } from '#app/controllers/concerns/form-errors.ts';

/** The fields this form may change; the theme has its own page, and nothing else passes. */
const fields = [
  'blogTitle',
  'subtitle',
  'articlesPerPage',
  'timeZone',
  'commentPolicy',
  'commentsCloseAfterDays',
  'websubHub',
] as const;
/** Checkboxes: "on" when ticked, absent when not. */
const switches = ['commentNotifications', 'replySubscriptions', 'webmentions'] as const;

/** GET /admin/settings */
export async function edit(req: Request, res: Response) {
  const settings = await currentSettings();
  const values: Record<string, string> = Object.fromEntries([
    ...fields.map((k): [string, string] => [k, String(settings[k])]),
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

function renderForm(req: Request, res: Response, { values, errors = {}, status }: FormState) {
  return renderAdmin(
    req,
    res,
    'settings/edit',
    { values, errors, commentPolicies, timeZones: timeZoneNames() },
    { title: 'Settings', section: 'settings', status },
  );
}

let zones: readonly string[] | undefined;
/** The time zones this Node knows, for the form's suggestions. */
function timeZoneNames(): readonly string[] {
  zones ??= ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
  return zones;
}
