/**
 * The one reading of a record id or other whole number that arrives as text
 * (a route, a query, a form): digits with no leading zero, bounded, so no
 * "1e3", "0x10", " 7" or 2^53 ever reaches a query.
 */

/** The largest id a database integer column holds. */
const maxRecordId = 2_147_483_647;

/** A record id as a route or form sends it: digits, no leading zero, within a database integer; else null. */
export function parseRecordId(value: unknown): number | null {
  return wholeNumber(value, maxRecordId);
}

/** Digits with no leading zero, from 1 up to `max`; else null. */
export function wholeNumber(value: unknown, max: number): number | null {
  if (typeof value !== 'string' || !/^[1-9]\d*$/.test(value) || value.length > String(max).length) return null;
  const number = Number(value);
  return number <= max ? number : null;
}
