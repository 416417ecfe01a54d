/** The blog's settings: one row, read on every request, so cached briefly in each process. */
import { z } from 'zod';
import { db, database, type Prisma, type Setting } from '#app/models/db.ts';
import { ValidationError, validInput } from '#app/models/validation.ts';
import { cachedFor } from '#app/models/process-cache.ts';
import { announce } from '#app/models/changes.ts';
import { checkedCoverId, coverRefused } from '#app/models/article/cover.ts';

export const commentPolicies = ['open', 'moderate-first', 'moderate-all', 'closed'] as const;
export type CommentPolicy = (typeof commentPolicies)[number];
export type BlogSettings = Readonly<Setting> & { commentPolicy: CommentPolicy };

// Read through the boundary's lookups (every page needs it); created through Prisma if missing.
const cache = cachedFor(1000, async () =>
  freeze(
    (await database().lookups.settings()) ??
      (await db.setting.upsert({ where: { id: 1 }, create: { id: 1 }, update: {} })),
  ),
);

export function currentSettings(): Promise<BlogSettings> {
  return cache.get();
}

const settingsInput = z.object({
  blogTitle: z.string().trim().min(1, 'The blog needs a title.').max(200),
  subtitle: z.string().trim().max(300),
  theme: z.string(),
  articlesPerPage: z.coerce
    .number('Articles per page must be a whole number.')
    .int('Articles per page must be a whole number.')
    .min(1, 'Show at least one article per page.')
    .max(100, 'Show at most 100 articles per page.'),
  commentPolicy: z.enum(commentPolicies, `Choose one of: ${commentPolicies.join(', ')}.`),
  commentsCloseAfterDays: z.coerce
    .number('Use a whole number of days (0 for never).')
    .int('Use a whole number of days (0 for never).')
    .min(0, 'Use a whole number of days (0 for never).')
    .max(36500, 'Use at most 36,500 days.'),
  timeZone: z.string().refine(isTimeZone, 'Unknown time zone.'),
  commentNotifications: z.boolean(),
  replySubscriptions: z.boolean(),
  /** Link previews' image for pages without a cover: an image upload's id, or null. */
  defaultImageAssetId: z.number({ error: coverRefused }).int(coverRefused).positive(coverRefused).nullable(),
  webmentions: z.boolean(),
  websubHub: z
    .string()
    .trim()
    .max(500, 'Keep the hub address under 500 characters.')
    .refine(isHubUrl, 'Give the hub as an http:// or https:// address, or leave it empty.'),
});
export type SettingsInput = z.input<typeof settingsInput>;

/** Validates and saves; `installedThemes` guards the theme name. */
export async function updateSettings(
  changes: Partial<SettingsInput>,
  installedThemes: readonly string[],
): Promise<BlogSettings> {
  const saved = cache.set(freeze(await db.$transaction((tx) => writeSettings(tx, changes, installedThemes))));
  await announce({ type: 'settings', id: null });
  return saved;
}

/** updateSettings' inside, in the caller's transaction (an import); the caller forgets the cache and announces. */
export async function writeSettings(
  tx: Prisma.TransactionClient,
  changes: Partial<SettingsInput>,
  installedThemes: readonly string[],
): Promise<Setting> {
  const current = await tx.setting.upsert({ where: { id: 1 }, create: { id: 1 }, update: {} });
  const data = validInput(settingsInput, { ...current, ...changes });
  if (!installedThemes.includes(data.theme))
    throw new ValidationError({ theme: `No installed theme is called "${data.theme}".` });
  await checkedCoverId(tx, data.defaultImageAssetId, 'defaultImageAssetId');
  return tx.setting.update({ where: { id: 1 }, data });
}

/** Drops the cached copy (for writes that bypass updateSettings). */
export function forgetSettings(): void {
  cache.forget();
}

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** Empty (no hub) or an absolute http(s) URL. */
function isHubUrl(value: string): boolean {
  if (value === '') return true;
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

function freeze(row: Setting): BlogSettings {
  return Object.freeze({
    ...row,
    commentPolicy: (commentPolicies as readonly string[]).includes(row.commentPolicy)
      ? (row.commentPolicy as CommentPolicy)
      : 'moderate-all',
  });
}
