/**
 * A publication-day prefix ("2006", "2006-02", "2006-02-28") as a half-open
 * range of day strings, so one index serves a date archive in either
 * dialect: LIKE 'prefix%' is not index-served in SQLite, and a '~' upper
 * bound relies on byte-order collation, which PostgreSQL's locales do not
 * promise. The end is the prefix with its last number plus one, which sorts
 * after every day it covers under any collation, since all day strings
 * share one fixed format.
 */
export function dayRange(prefix: string): { from: string; until: string } {
  const match = /^(.*?)(\d+)$/.exec(prefix);
  if (!match) throw new Error(`not a day prefix: "${prefix}"`);
  const [, head, last] = match as unknown as [string, string, string];
  return { from: prefix, until: `${head}${String(Number(last) + 1).padStart(last.length, '0')}` };
}
