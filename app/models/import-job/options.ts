/**
 * What the person importing chose on the form, as the ImportJob row keeps
 * it (JSON in `options`) and as runImport takes it (ImportOptions): the
 * same choices as the CLI's flags.
 */
import { z } from 'zod';
import { importFormats, type ImportOptions } from '#app/importers/source.ts';
import { validInput } from '#app/models/validation.ts';

const login = /^[A-Za-z0-9._@-]{1,100}$/;

/** The form's fields (strings, as a browser sends them). */
const formSchema = z.object({
  format: z.enum(['detect', ...importFormats], { error: 'Choose a format, or let Folio detect it.' }).default('detect'),
  pings: z.enum(['keep', 'drop'], { error: 'Choose whether pingbacks and trackbacks are kept.' }).default('keep'),
  categoriesAs: z
    .enum(['sections', 'tags'], { error: 'Choose whether categories become sections or tags.' })
    .default('sections'),
  authorMap: z
    .string()
    .default('')
    .transform((text, context) => {
      const pairs: [string, string][] = [];
      for (const entry of text.split(/[\n,]/).map((part) => part.trim())) {
        if (!entry) continue;
        const [from = '', to = '', ...rest] = entry.split('=').map((part) => part.trim());
        if (rest.length || !login.test(from) || !login.test(to)) {
          context.addIssue({ code: 'custom', message: `“${entry}” is not old=new (two logins).` });
          return z.NEVER;
        }
        pairs.push([from, to]);
      }
      return pairs;
    }),
});

export type ImportFormChoices = z.output<typeof formSchema>;

/** What the row's `options` holds. */
export interface StoredJobOptions {
  authorMap: [string, string][];
  pings: 'keep' | 'drop';
  categoriesAs: 'sections' | 'tags';
  /** Whether an archive of the old site's uploads came with the export. */
  withUploads: boolean;
}

/** The form's choices, or a ValidationError naming the field. */
export function importFormChoices(fields: unknown): ImportFormChoices {
  return validInput(formSchema, fields);
}

export function storedOptions(choices: ImportFormChoices, withUploads: boolean): StoredJobOptions {
  return { authorMap: choices.authorMap, pings: choices.pings, categoriesAs: choices.categoriesAs, withUploads };
}

const storedSchema = z.object({
  authorMap: z.array(z.tuple([z.string(), z.string()])).default([]),
  pings: z.enum(['keep', 'drop']).default('keep'),
  categoriesAs: z.enum(['sections', 'tags']).default('sections'),
  withUploads: z.boolean().default(false),
});

export function parseStoredOptions(json: string): StoredJobOptions {
  return storedSchema.parse(JSON.parse(json || '{}'));
}

/** runImport's options for this job: a dry run while checking, the real thing when running. */
export function importOptions(stored: StoredJobOptions, dryRun: boolean, uploadsDir?: string): ImportOptions {
  return {
    dryRun,
    authorMap: new Map(stored.authorMap),
    pings: stored.pings,
    categoriesAs: stored.categoriesAs,
    ...(uploadsDir ? { uploadsDir } : {}),
  };
}
