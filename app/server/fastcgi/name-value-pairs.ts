/**
 * FastCGI name-value pairs (PARAMS, GET_VALUES): each length is one byte
 * below 128, else four bytes with the high bit set.
 *
 * Strings are byte-preserving "binary" (latin1) strings, the way Node keeps
 * raw HTTP header bytes: whatever bytes the web server sent come back intact.
 */
import { FastcgiProtocolError } from '#app/server/fastcgi/protocol-error.ts';

export type NameValueInput = Iterable<readonly [string, string | Buffer]> | Record<string, string | Buffer>;

const MAX_LENGTH = 0x7fffffff;

export function encodeNameValuePairs(pairs: NameValueInput): Buffer {
  const entries = Symbol.iterator in pairs ? pairs : Object.entries(pairs);
  const pieces: Buffer[] = [];
  for (const [name, value] of entries) {
    const nameBytes = Buffer.from(name, 'latin1');
    const valueBytes = typeof value === 'string' ? Buffer.from(value, 'latin1') : value;
    pieces.push(encodeLength(nameBytes.length), encodeLength(valueBytes.length), nameBytes, valueBytes);
  }
  return Buffer.concat(pieces);
}

/** Decodes a complete PARAMS (or GET_VALUES) stream; throws FastcgiProtocolError on truncated or oversized lengths. */
export function decodeNameValuePairs(bytes: Buffer): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  let offset = 0;
  while (offset < bytes.length) {
    const name = readLength(bytes, offset);
    const value = readLength(bytes, name.next);
    const start = value.next;
    const end = start + name.length + value.length;
    if (end > bytes.length) throw new FastcgiProtocolError('name-value pair runs past the end of its stream');
    pairs.push([
      bytes.toString('latin1', start, start + name.length),
      bytes.toString('latin1', start + name.length, end),
    ]);
    offset = end;
  }
  return pairs;
}

function encodeLength(length: number): Buffer {
  if (length > MAX_LENGTH) throw new RangeError(`name-value length ${length} exceeds ${MAX_LENGTH}`);
  if (length < 0x80) return Buffer.from([length]);
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE((length | 0x80000000) >>> 0, 0);
  return bytes;
}

function readLength(bytes: Buffer, offset: number): { length: number; next: number } {
  const first = bytes[offset];
  if (first === undefined) throw new FastcgiProtocolError('name-value pair truncated in its length');
  if (first < 0x80) return { length: first, next: offset + 1 };
  if (offset + 4 > bytes.length) throw new FastcgiProtocolError('name-value pair truncated in its 4-byte length');
  return { length: bytes.readUInt32BE(offset) & MAX_LENGTH, next: offset + 4 };
}
