/**
 * XML-RPC on the wire: the one module that knows the library
 * (@foxglove/xmlrpc). A call is checked before it is parsed (no DTD, so no
 * entity expansion; bounded nesting and element count), then read into
 * plain values; answers and faults are written back as XML. Dates are
 * written as WordPress writes them (`20261207T10:00:00`, no zone, no
 * milliseconds): clients written against WordPress, and Python's
 * xmlrpc.client, parse only that shape.
 */
import { wallFields } from '#app/helpers/time-zone.ts';
import { Deserializer, serializeFault, serializeMethodResponse } from '@foxglove/xmlrpc';
import { randomBytes } from 'node:crypto';
import sax from 'sax';
import { Fault, protocolFaults } from '#app/xmlrpc/fault.ts';

/** A value as a call carries it (i8 arrives as a string of digits, base64 as a Buffer, nil as undefined). */
export type RpcValue = undefined | boolean | number | string | Date | Uint8Array | RpcValue[] | RpcStruct;
export type RpcStruct = { [key: string]: RpcValue };

/** An answer: plain values; dates come from rpcDate. */
export type RpcAnswer = RpcValue | RpcAnswer[] | { [key: string]: RpcAnswer };

export interface RpcCall {
  readonly method: string;
  readonly params: RpcValue[];
}

/** Deeper than any method's struct of arrays needs, shallow enough that no walk over the values can blow the stack. */
export const maxDepth = 32;
/** Elements in one call: a post with hundreds of tags is a few thousand. */
export const maxElements = 20_000;

/**
 * A dateTime.iso8601 sent without a zone. WordPress reads such a time as
 * the blog's wall-clock time (dateCreated, post_date) or as UTC (the *_gmt
 * fields), so the zone is decided where the field is known: `wall` keeps
 * the text; the Date itself is that wall time read as UTC.
 */
export class ZonelessDate extends Date {
  constructor(readonly wall: string) {
    super(`${wall}Z`);
  }
}

export async function parseCall(xml: string): Promise<RpcCall> {
  // Refused before any parser sees it: a DTD is how entity-expansion bombs and external entities arrive.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new Fault(protocolFaults.invalidRequest, 'DTDs are not accepted.');
  const { text, files } = liftBase64(xml);
  checkShape(text);
  const deserializer = new Deserializer();
  deserializer.dateFormatter = { decodeIso8601: readDate } as Deserializer['dateFormatter'];
  let call: [string, RpcValue[]];
  try {
    call = await deserializer.deserializeMethodCall(text);
  } catch (error) {
    throw new Fault(
      protocolFaults.notWellFormed,
      `The request is not a well-formed XML-RPC call: ${(error as Error).message}`,
    );
  }
  const [method, params] = call;
  return { method: method.trim(), params: files.size ? params.map((p) => withFiles(p, files)) : params };
}

export function answerXml(value: RpcAnswer): string {
  // The library writes `2026-12-07T10:00:00.000Z`; strings are escaped, so only real date elements match.
  return serializeMethodResponse(value).replace(
    /<dateTime\.iso8601>(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2}:\d{2})\.\d{3}Z<\/dateTime\.iso8601>/g,
    '<dateTime.iso8601>$1$2$3T$4</dateTime.iso8601>',
  );
}

export function faultXml(fault: Fault): string {
  return serializeFault({ faultCode: fault.code, faultString: fault.message } as never);
}

/**
 * A date to answer with, written `20261207T10:00:00`: the wall time of
 * `date` in `timeZone` (UTC for the *_gmt fields), as WordPress writes it.
 * (The Date returned holds that wall time as if it were UTC; answerXml
 * drops the zone.)
 */
export function rpcDate(date: Date, timeZone = 'UTC'): Date {
  return new Date(`${wallText(date, timeZone)}Z`);
}

/** Counts elements and depth in one quick pass, so the deserializer never builds a hostile document. */
function checkShape(xml: string): void {
  const parser = sax.parser(false, {});
  let depth = 0;
  let elements = 0;
  let refusal: string | null = null;
  parser.onopentag = () => {
    elements += 1;
    depth += 1;
    if (depth > maxDepth) refusal ??= `The call nests values deeper than ${maxDepth} levels.`;
    if (elements > maxElements) refusal ??= `The call has more than ${maxElements} elements.`;
  };
  parser.onclosetag = () => {
    depth -= 1;
  };
  // The deserializer reports malformed XML; this pass only counts, so it carries on.
  parser.onerror = () => void parser.resume();
  parser.write(xml).close();
  if (refusal) throw new Fault(protocolFaults.invalidRequest, refusal);
}

/**
 * The library's parser reads text a character at a time: a 10 MB upload's
 * base64 held the event loop for about 1.9 s. Each base64 element's text is
 * lifted out first (a regular expression and Buffer.from: about 30 ms)
 * and a marker no client can guess left in its place, then put back as
 * bytes after parsing.
 */
function liftBase64(xml: string): { text: string; files: Map<string, Buffer> } {
  const files = new Map<string, Buffer>();
  const nonce = randomBytes(12).toString('hex');
  const text = xml.replace(/<base64>([A-Za-z0-9+/=\s]*)<\/base64>/g, (_, data: string) => {
    const marker = `folio-base64-${nonce}-${files.size}`;
    files.set(marker, Buffer.from(data, 'base64'));
    return `<string>${marker}</string>`;
  });
  return { text, files };
}

function withFiles(value: RpcValue, files: Map<string, Buffer>): RpcValue {
  if (typeof value === 'string') return files.get(value) ?? value;
  if (Array.isArray(value)) return value.map((item) => withFiles(item, files));
  if (value && typeof value === 'object' && !(value instanceof Date) && !(value instanceof Uint8Array))
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withFiles(item, files)]));
  return value;
}

const iso8601 = /^(\d{4})-?(\d{2})-?(\d{2})T(\d{2}):?(\d{2}):?(\d{2})(?:\.\d+)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

function readDate(text: string): Date {
  const match = iso8601.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a dateTime.iso8601 value (expected e.g. 20261207T10:00:00).`);
  const [, year, month, day, hour, minute, second, zone] = match;
  const wall = `${year}-${month}-${day}T${hour}:${minute}:${second}`;
  if (!zone) return new ZonelessDate(wall);
  const offset = zone === 'Z' ? 'Z' : zone.length === 3 ? `${zone}:00` : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const date = new Date(`${wall}${offset}`);
  if (Number.isNaN(date.getTime())) throw new Error(`"${text}" is not a real date and time.`);
  return date;
}

function wallText(date: Date, timeZone: string): string {
  const w = wallFields(date, timeZone);
  return `${w.year}-${w.month}-${w.day}T${w.hour}:${w.minute}:${w.second}`;
}
