/**
 * The helpers every theme template sees as `h`. This is part of the theme
 * API: add here, rename never.
 */
import { longDate, dateTime, monthName } from '#app/helpers/dates.ts';
import * as paths from '#app/helpers/permalinks.ts';

const byTimeZone = new Map<string, ViewHelpers>();
// toLocaleString builds a number formatter on every call; this one is built once.
const counts = new Intl.NumberFormat('en');

export function viewHelpers(timeZone: string): ViewHelpers {
  let helpers = byTimeZone.get(timeZone);
  if (!helpers) byTimeZone.set(timeZone, (helpers = build(timeZone)));
  return helpers;
}

function build(timeZone: string) {
  return Object.freeze({
    longDate: (date: Date) => longDate(date, timeZone),
    dateTime: (date: Date) => dateTime(date, timeZone),
    isoDate: (date: Date) => date.toISOString(),
    monthName,
    archivePath: paths.archivePath,
    tagPath: paths.tagPath,
    pluralize: (count: number, one: string, many = `${one}s`) => `${counts.format(count)} ${count === 1 ? one : many}`,
  });
}
export type ViewHelpers = ReturnType<typeof build>;
