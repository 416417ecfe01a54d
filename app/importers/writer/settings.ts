/** A Folio archive's settings: each present value applied, validated as the settings form validates it. */
import type { ImportedSettings } from '#app/importers/records.ts';
import { writeSettings, type SettingsInput } from '#app/models/settings.ts';
import { ValidationError } from '#app/models/validation.ts';
import { count } from '#app/importers/report.ts';
import { digestOf, writeOnce } from '#app/importers/writer/identity.ts';
import { note, skip, type WriterContext } from '#app/importers/writer/context.ts';

export async function writeSettingsRecord(context: WriterContext, record: ImportedSettings): Promise<void> {
  const values = { ...record.values };
  if (values.theme !== undefined && !context.themes.includes(values.theme)) {
    note(context, {
      key: record.key,
      what: 'settings',
      title: 'theme',
      message: `the theme "${values.theme}" is not installed here: the current theme stays`,
    });
    delete values.theme;
  }
  try {
    await writeOnce(context, {
      kind: 'settings',
      recordType: 'settings',
      key: record.key,
      digest: digestOf(values),
      exists: () => Promise.resolve(true),
      // The values are the archive's, unchecked: writeSettings validates them as the settings form does.
      write: async () => ({ id: (await writeSettings(context.tx, values as SettingsInput, context.themes)).id }),
    });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    count(context.report, 'settings', 'skipped');
    skip(context, { key: record.key, what: 'settings', title: 'settings', message: error.message });
  }
}
