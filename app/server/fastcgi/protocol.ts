/**
 * The FastCGI 1.0 record codec, usable from both ends of the wire: the
 * responder speaks it to Apache or lighttpd, and tests speak it as a client.
 * It does no I/O; the connection decides what a record means.
 */
export { encodeNameValuePairs, decodeNameValuePairs } from '#app/server/fastcgi/name-value-pairs.ts';
export type { NameValueInput } from '#app/server/fastcgi/name-value-pairs.ts';
import { FastcgiProtocolError } from '#app/server/fastcgi/protocol-error.ts';
export { FastcgiProtocolError };

export const FCGI_VERSION_1 = 1;
export const FCGI_HEADER_LEN = 8;
/** The largest content one record can carry (16-bit length). */
export const FCGI_MAX_CONTENT_LENGTH = 0xffff;
/** Request id 0 carries management records (GET_VALUES and friends). */
export const FCGI_NULL_REQUEST_ID = 0;
/** BEGIN_REQUEST flag: keep the connection open after END_REQUEST. */
export const FCGI_KEEP_CONN = 1;

export const RecordType = {
  BeginRequest: 1,
  AbortRequest: 2,
  EndRequest: 3,
  Params: 4,
  Stdin: 5,
  Stdout: 6,
  Stderr: 7,
  Data: 8,
  GetValues: 9,
  GetValuesResult: 10,
  UnknownType: 11,
} as const;
export type RecordType = (typeof RecordType)[keyof typeof RecordType];

export const Role = { Responder: 1, Authorizer: 2, Filter: 3 } as const;

export const ProtocolStatus = {
  RequestComplete: 0,
  CantMpxConn: 1,
  Overloaded: 2,
  UnknownRole: 3,
} as const;
export type ProtocolStatus = (typeof ProtocolStatus)[keyof typeof ProtocolStatus];

/** Names a web server may ask about in GET_VALUES. */
export const ValueName = {
  MaxConns: 'FCGI_MAX_CONNS',
  MaxReqs: 'FCGI_MAX_REQS',
  MpxsConns: 'FCGI_MPXS_CONNS',
} as const;

/** One decoded record; `content` excludes the padding. */
export interface FcgiRecord {
  version: number;
  type: number;
  requestId: number;
  content: Buffer;
}

const EMPTY = Buffer.alloc(0);
const PADDING = Buffer.alloc(8);

/** One record, content padded to a multiple of 8 bytes as the spec recommends. */
export function encodeRecord(type: number, requestId: number, content: Buffer = EMPTY): Buffer {
  return Buffer.concat(recordPieces(type, requestId, content));
}

/**
 * Stream data (PARAMS, STDIN, STDOUT, ...) as as many records as it takes,
 * returned as pieces to write in order so large bodies are not copied.
 * Empty data gives no records: the empty end-of-stream record is `encodeRecord(type, id)`.
 */
export function encodeStreamRecords(type: number, requestId: number, data: Buffer): Buffer[] {
  const pieces: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += FCGI_MAX_CONTENT_LENGTH) {
    pieces.push(...recordPieces(type, requestId, data.subarray(offset, offset + FCGI_MAX_CONTENT_LENGTH)));
  }
  return pieces;
}

export function encodeBeginRequestBody(role: number, flags: number): Buffer {
  const body = Buffer.alloc(8);
  body.writeUInt16BE(role, 0);
  body[2] = flags;
  return body;
}

export function decodeBeginRequestBody(content: Buffer): { role: number; flags: number } {
  if (content.length !== 8) throw new FastcgiProtocolError(`BEGIN_REQUEST body is ${content.length} bytes, expected 8`);
  return { role: content.readUInt16BE(0), flags: content[2]! };
}

export function encodeEndRequestBody(appStatus: number, protocolStatus: ProtocolStatus): Buffer {
  const body = Buffer.alloc(8);
  body.writeUInt32BE(appStatus >>> 0, 0);
  body[4] = protocolStatus;
  return body;
}

export function decodeEndRequestBody(content: Buffer): { appStatus: number; protocolStatus: number } {
  if (content.length !== 8) throw new FastcgiProtocolError(`END_REQUEST body is ${content.length} bytes, expected 8`);
  return { appStatus: content.readUInt32BE(0), protocolStatus: content[4]! };
}

export function encodeUnknownTypeBody(type: number): Buffer {
  const body = Buffer.alloc(8);
  body[0] = type;
  return body;
}

/**
 * Turns a byte stream into records, whatever the TCP chunking: records split
 * across chunks (down to one byte at a time) or many coalesced in one chunk.
 * Bytes are copied only when a record straddles chunks.
 *
 * A header whose version is not 1 (garbage, or a future protocol) is reported
 * at once as a record with empty content, and parsing stops there.
 */
export class RecordParser {
  #chunks: Buffer[] = [];
  #length = 0;
  /** Full size (header + content + padding) of the record being read, 0 while reading a header. */
  #need = 0;
  #stopped = false;

  /** Feed bytes; returns the records they complete, in order. */
  push(chunk: Buffer): FcgiRecord[] {
    const records: FcgiRecord[] = [];
    if (this.#stopped) return records;
    if (chunk.length > 0) {
      this.#chunks.push(chunk);
      this.#length += chunk.length;
    }
    for (;;) {
      if (this.#need === 0) {
        if (this.#length < FCGI_HEADER_LEN) break;
        const header = this.#front(FCGI_HEADER_LEN);
        if (header[0] !== FCGI_VERSION_1) {
          // Its length fields mean nothing: report it now rather than wait for bytes that may never come.
          this.#stopped = true;
          records.push({ version: header[0]!, type: header[1]!, requestId: header.readUInt16BE(2), content: EMPTY });
          break;
        }
        this.#need = FCGI_HEADER_LEN + header.readUInt16BE(4) + header[6]!;
      }
      if (this.#length < this.#need) break;
      const bytes = this.#take(this.#need);
      this.#need = 0;
      const contentLength = bytes.readUInt16BE(4);
      records.push({
        version: bytes[0]!,
        type: bytes[1]!,
        requestId: bytes.readUInt16BE(2),
        content: bytes.subarray(FCGI_HEADER_LEN, FCGI_HEADER_LEN + contentLength),
      });
    }
    return records;
  }

  /** Bytes received but not yet part of a complete record. */
  get bufferedBytes(): number {
    return this.#length;
  }

  /** The first chunk, merged with its successors until it holds at least n bytes. */
  #front(n: number): Buffer {
    let first = this.#chunks[0]!;
    if (first.length >= n) return first;
    let count = 0;
    let size = 0;
    while (size < n) size += this.#chunks[count++]!.length;
    first = Buffer.concat(this.#chunks.slice(0, count), size);
    this.#chunks.splice(0, count, first);
    return first;
  }

  #take(n: number): Buffer {
    const first = this.#front(n);
    const taken = first.subarray(0, n);
    if (first.length === n) this.#chunks.shift();
    else this.#chunks[0] = first.subarray(n);
    this.#length -= n;
    return taken;
  }
}

function recordPieces(type: number, requestId: number, content: Buffer): Buffer[] {
  if (content.length > FCGI_MAX_CONTENT_LENGTH) {
    throw new RangeError(`record content of ${content.length} bytes exceeds ${FCGI_MAX_CONTENT_LENGTH}`);
  }
  const paddingLength = (8 - (content.length % 8)) % 8;
  const header = Buffer.alloc(FCGI_HEADER_LEN);
  header[0] = FCGI_VERSION_1;
  header[1] = type;
  header.writeUInt16BE(requestId, 2);
  header.writeUInt16BE(content.length, 4);
  header[6] = paddingLength;
  const pieces: Buffer[] = [header];
  if (content.length > 0) pieces.push(content);
  if (paddingLength > 0) pieces.push(PADDING.subarray(0, paddingLength));
  return pieces;
}
