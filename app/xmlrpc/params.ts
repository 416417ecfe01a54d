/**
 * Reading a call's positional parameters and struct fields. Clients differ
 * in small ways (an id as int or string, a flag as boolean or 0/1), so the
 * readers accept what WordPress accepts and fault clearly on the rest.
 */
import type { RpcStruct, RpcValue } from '#app/xmlrpc/codec.ts';
import { ZonelessDate } from '#app/xmlrpc/codec.ts';
import { badParams, Fault } from '#app/xmlrpc/fault.ts';
import { instantsAt } from '#app/helpers/time-zone.ts';

export function text(params: RpcValue[], index: number, name: string): string {
  const value = params[index];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw badParams(`Parameter ${index + 1} (${name}) must be a string.`);
}

/** A record id, sent as int or string ("12"); anything else is no post at all. */
export function recordId(params: RpcValue[], index: number, name: string): number {
  const value = params[index];
  const id =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d{1,15}$/.test(value.trim())
        ? Number(value)
        : NaN;
  if (!Number.isSafeInteger(id) || id < 1) throw badParams(`Parameter ${index + 1} (${name}) must be a post id.`);
  return id;
}

export function struct(params: RpcValue[], index: number, name: string): RpcStruct {
  const value = params[index];
  if (isStruct(value)) return value;
  throw badParams(`Parameter ${index + 1} (${name}) must be a struct.`);
}

export function optionalStruct(params: RpcValue[], index: number): RpcStruct {
  const value = params[index];
  return isStruct(value) ? value : {};
}

/** A count like getRecentPosts' numberOfPosts: a whole number, within bounds. */
export function count(value: RpcValue, fallback: number, max: number): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() ? Number(value) : fallback;
  if (!Number.isInteger(n) || n < 0) throw badParams('A count must be a whole number of zero or more.');
  return Math.min(n, max);
}

/** XML-RPC booleans, and the 0/1 ints and "1"/"open" strings some clients send instead. */
export function flag(value: RpcValue): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return ['1', 'true', 'open', 'yes'].includes(value.trim().toLowerCase());
  throw badParams('A flag must be a boolean.');
}

export function field(s: RpcStruct, name: string): string | undefined {
  const value = s[name];
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw badParams(`The field ${name} must be a string.`);
}

/** A list of names: an array of strings, or one comma-separated string (mt_keywords). */
export function names(value: RpcValue, fieldName: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value.split(',');
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number'))
    return value.map(String);
  throw badParams(`The field ${fieldName} must be a list of names.`);
}

/**
 * A date field: a zoned dateTime.iso8601 is that instant; a zoneless one is
 * wall time in `timeZone` (the blog's for dateCreated/post_date, UTC for
 * the *_gmt fields), as WordPress reads them. A string in the same shape is
 * accepted too (some clients send one).
 */
export function date(value: RpcValue, fieldName: string, timeZone: string): Date | undefined {
  if (value === undefined || value === '') return undefined;
  if (value instanceof ZonelessDate) {
    const [instant] = instantsAt(value.wall, timeZone) ?? [];
    if (!instant)
      throw new Fault(400, `${fieldName}: ${value.wall} does not exist in ${timeZone} (the clocks skip it).`);
    return instant;
  }
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
  if (typeof value === 'string') {
    const match = /^(\d{4})-?(\d{2})-?(\d{2})[T ](\d{2}):?(\d{2}):?(\d{2})(Z)?$/.exec(value.trim());
    if (match) {
      const wall = `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}`;
      return date(match[7] ? new Date(`${wall}Z`) : new ZonelessDate(wall), fieldName, timeZone);
    }
  }
  throw badParams(`The field ${fieldName} must be a dateTime.iso8601 value.`);
}

function isStruct(value: RpcValue): value is RpcStruct {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !(value instanceof Uint8Array)
  );
}
