/** Helpers for admin views (the reader themes have theirs in helpers/index.ts). */
import { wallTime, zonedDateTime } from '#app/helpers/time-zone.ts';

export const adminHelpers = Object.freeze({
  pluralize: (count: number, one: string, many = `${one}s`) =>
    `${count.toLocaleString('en')} ${count === 1 ? one : many}`,
  bytes: (n: number) =>
    n < 1024 ? `${n} B` : n < 1_048_576 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1_048_576).toFixed(1)} MB`,
});

const byTimeZone = new Map<string, AdminHelpers>();

/** The admin's `h`: the helpers above, and times in the blog's zone, always with the zone named. */
export function adminHelpersIn(timeZone: string): AdminHelpers {
  let helpers = byTimeZone.get(timeZone);
  if (!helpers) byTimeZone.set(timeZone, (helpers = build(timeZone)));
  return helpers;
}

function build(timeZone: string) {
  return Object.freeze({
    ...adminHelpers,
    /** The blog's zone, e.g. "Europe/Berlin", for labels. */
    timeZone,
    dateTime: (date: Date | null | undefined) => (date ? zonedDateTime(date, timeZone) : '—'),
    /** `value` for an <input type="datetime-local">: the wall time in the blog's zone. */
    dateTimeInput: (date: Date | null | undefined) => (date ? wallTime(date, timeZone) : ''),
  });
}
export type AdminHelpers = ReturnType<typeof build>;
