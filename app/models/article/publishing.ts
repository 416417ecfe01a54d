/**
 * Publishing: what each of the editor's buttons (its intent) means for an
 * article's state and publication time: Publish now, Schedule for a time to
 * come, Unpublish (back to a draft), or keep a Draft. When an article is
 * then visible is article/visibility.ts; where, article/permalink.ts.
 */
import type { Article } from '#app/models/db.ts';
import type { ArticleState } from '#app/models/article.ts';
import { ValidationError } from '#app/models/validation.ts';
import { articleStatus } from '#app/models/article/visibility.ts';
import { instantsAt } from '#app/helpers/time-zone.ts';

/** The editor's submit buttons, `name="intent"`. */
export const intents = ['draft', 'publish', 'schedule', 'unpublish'] as const;
export type Intent = (typeof intents)[number];

export function isIntent(value: unknown): value is Intent {
  return typeof value === 'string' && (intents as readonly string[]).includes(value);
}

/**
 * State and publication time for an intent. Publish now backdates to a
 * past date the author gave (or keeps a live article's date), else now;
 * Schedule needs a time still to come.
 */
export function publicationFor(
  intent: Intent,
  requestedAt: Date | null,
  now: Date,
): { state: ArticleState; publishedAt: Date | null } {
  switch (intent) {
    case 'draft':
    case 'unpublish':
      return { state: 'draft', publishedAt: requestedAt };
    case 'publish':
      return { state: 'published', publishedAt: requestedAt && requestedAt <= now ? requestedAt : now };
    case 'schedule':
      if (!requestedAt) throw new ValidationError({ publishedAt: 'Choose the date and time to publish at.' });
      if (requestedAt <= now)
        throw new ValidationError({
          publishedAt: 'That time has already passed: choose a time in the future to schedule, or Publish now.',
        });
      return { state: 'published', publishedAt: requestedAt };
  }
}

/** The intent a save without one keeps: the article's current status. */
export function currentIntent(current: Article | null, now: Date): Intent {
  const status = current ? articleStatus(current, now) : 'draft';
  return status === 'published' ? 'publish' : status === 'scheduled' ? 'schedule' : 'draft';
}

/**
 * The publication time the editor's date field asks for. The form shows
 * minutes; an unchanged date keeps the stored seconds (and so the article's
 * place in lists).
 */
export function requestedPublishDate(value: string, timeZone: string, stored: Date | null): Date | null {
  const requested = parsePublishDate(value, timeZone, stored);
  if (!requested || !stored) return requested;
  return Math.floor(stored.getTime() / 60_000) * 60_000 === requested.getTime() ? stored : requested;
}

/**
 * A datetime-local value, wall time in the blog's zone, as the UTC instant
 * it names; '' is none. A time the clocks skip (spring forward) is refused.
 * A time they show twice (fall back) is the first of the two, unless the
 * stored date is the other one and the field was left as it was.
 */
export function parsePublishDate(value: string, timeZone: string, stored: Date | null = null): Date | null {
  const text = value.trim();
  if (!text) return null;
  const instants = instantsAt(text, timeZone);
  const year = Number(text.slice(0, 4));
  if (!instants || year < 1970 || year > 9999) {
    throw new ValidationError({
      publishedAt: `Give the publish date as a date and time in the blog’s time zone (${timeZone}), e.g. 2026-05-01 09:30.`,
    });
  }
  if (instants.length === 0) {
    throw new ValidationError({
      publishedAt: `${text.replace('T', ' ')} does not exist in ${timeZone}: the clocks skip that hour when summer time starts. Choose another time.`,
    });
  }
  const sameMinute = (instant: Date) =>
    stored !== null && Math.floor(stored.getTime() / 60_000) === Math.floor(instant.getTime() / 60_000);
  return instants.find(sameMinute) ?? instants[0]!;
}
