/**
 * Reading a Rails column's value the same way from SQLite and from a MySQL
 * dump: Rails wrote booleans as 't'/'f' (SQLite) or 1/0 (MySQL tinyint),
 * datetimes as "YYYY-MM-DD HH:MM:SS" without a zone, text as text or bytes.
 */
import type { Cell, Row } from '#app/importers/sources/old-database/types.ts';

export function text(row: Row, column: string): string {
  const value: Cell | undefined = row[column];
  if (value === null || value === undefined) return '';
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return String(value);
}

export function optionalText(row: Row, column: string): string | undefined {
  return text(row, column) || undefined;
}

export function integer(row: Row, column: string): number | undefined {
  const value = row[column];
  if (value === null || value === undefined || value === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

/** A boolean column; undefined when NULL (Rails left many of them NULL), so callers pick the default. */
export function flag(row: Row, column: string): boolean | undefined {
  const value = row[column];
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value === 'number' || typeof value === 'bigint') return Number(value) !== 0;
  const word = text(row, column).trim().toLowerCase();
  return word === 't' || word === 'true' || word === '1' || word === 'y' || word === 'yes';
}

/** The wall-clock time as written ("2007-03-04 21:05:00"), its parts; undefined when empty or zero (MySQL's 0000-00-00). */
export function wallClock(row: Row, column: string): WallClock | undefined {
  const value = text(row, column).trim();
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?/.exec(value);
  if (!match || match[1] === '0000') return undefined;
  const part = (i: number) => Number(match[i] ?? 0);
  return { year: part(1), month: part(2), day: part(3), hour: part(4), minute: part(5), second: part(6) };
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The instant a wall-clock time names in UTC. */
export function utcInstant(clock: WallClock): Date {
  return new Date(Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second));
}

/** The instant a wall-clock time names in an IANA zone (Mephisto's site timezone), by the zone's offset then. */
export function zonedInstant(clock: WallClock, timeZone: string): Date {
  const guess = utcInstant(clock);
  const offset = zoneOffsetMinutes(guess, timeZone);
  const first = new Date(guess.getTime() - offset * 60_000);
  // Around a DST change the offset at the first guess can be wrong by the change; one more step settles it.
  const settled = zoneOffsetMinutes(first, timeZone);
  return settled === offset ? first : new Date(guess.getTime() - settled * 60_000);
}

/** YYYY-MM-DD of an instant in a zone. */
export function dayIn(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
  return parts;
}

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
      .formatToParts(instant)
      .map((part) => [part.type, Number(part.value)]),
  ) as Record<string, number | undefined>;
  const at = (name: string) => parts[name] ?? 0;
  const asUtc = Date.UTC(at('year'), at('month') - 1, at('day'), at('hour'), at('minute'), at('second'));
  return Math.round((asUtc - instant.getTime()) / 60_000);
}

export function pad(n: number): string {
  return String(n).padStart(2, '0');
}
