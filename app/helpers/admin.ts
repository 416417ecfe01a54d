/** Helpers for admin views (the reader themes have theirs in helpers/index.ts). */
import { perTimeZone, wallTime, zonedDateTime } from '#app/helpers/time-zone.ts';
import { bytes, count, pluralize } from '#app/helpers/counts.ts';

/** The admin's `h`: counts and sizes, and times in the blog's zone, always with the zone named. */
export const adminHelpersIn = perTimeZone((timeZone: string) =>
  Object.freeze({
    pluralize,
    count,
    bytes,
    /** The blog's zone, e.g. "Europe/Berlin", for labels. */
    timeZone,
    dateTime: (date: Date | null | undefined) => (date ? zonedDateTime(date, timeZone) : '—'),
    /** `value` for an <input type="datetime-local">: the wall time in the blog's zone. */
    dateTimeInput: (date: Date | null | undefined) => (date ? wallTime(date, timeZone) : ''),
  }),
);
export type AdminHelpers = ReturnType<typeof adminHelpersIn>;
