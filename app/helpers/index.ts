/**
 * The helpers every theme template sees as `h`. This is part of the theme
 * API: add here, rename never.
 */
import { longDate, dateTime, monthName } from '#app/helpers/dates.ts';
import { pluralize } from '#app/helpers/counts.ts';
import { perTimeZone } from '#app/helpers/time-zone.ts';
import * as paths from '#app/helpers/permalinks.ts';

export const viewHelpers = perTimeZone((timeZone: string) =>
  Object.freeze({
    longDate: (date: Date) => longDate(date, timeZone),
    dateTime: (date: Date) => dateTime(date, timeZone),
    isoDate: (date: Date) => date.toISOString(),
    monthName,
    archivePath: paths.archivePath,
    tagPath: paths.tagPath,
    pluralize,
  }),
);
export type ViewHelpers = ReturnType<typeof viewHelpers>;
