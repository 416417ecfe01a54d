import { describe, it, expect } from 'vitest';
import {
  RecordParser,
  RecordType,
  Role,
  ProtocolStatus,
  FCGI_KEEP_CONN,
  FCGI_MAX_CONTENT_LENGTH,
  FastcgiProtocolError,
  encodeRecord,
  encodeStreamRecords,
  encodeBeginRequestBody,
  decodeBeginRequestBody,
  encodeEndRequestBody,
  decodeEndRequestBody,
  encodeNameValuePairs,
  decodeNameValuePairs,
} from '#app/server/fastcgi/protocol.ts';

describe('FastCGI record codec', () => {
  it('writes the 8-byte header and pads content to a multiple of 8', () => {
    const record = encodeRecord(RecordType.Stdout, 0x0102, Buffer.from('hello'));
    expect([...record.subarray(0, 8)]).toEqual([1, RecordType.Stdout, 0x01, 0x02, 0, 5, 3, 0]);
    expect(record.length).toBe(16);
    expect(record.subarray(8, 13).toString()).toBe('hello');
    expect(encodeRecord(RecordType.Stdin, 1, Buffer.alloc(16)).length).toBe(24);
    expect(encodeRecord(RecordType.Stdin, 1).length).toBe(8);
  });

  it('refuses content longer than one record can carry', () => {
    expect(() => encodeRecord(RecordType.Stdout, 1, Buffer.alloc(FCGI_MAX_CONTENT_LENGTH + 1))).toThrow(RangeError);
  });

  it('splits stream data into records of at most 65535 bytes', () => {
    const data = Buffer.alloc(FCGI_MAX_CONTENT_LENGTH * 2 + 10, 0x61);
    const records = new RecordParser().push(Buffer.concat(encodeStreamRecords(RecordType.Stdout, 3, data)));
    expect(records.map((r) => r.content.length)).toEqual([FCGI_MAX_CONTENT_LENGTH, FCGI_MAX_CONTENT_LENGTH, 10]);
    expect(Buffer.concat(records.map((r) => r.content)).equals(data)).toBe(true);
    expect(encodeStreamRecords(RecordType.Stdout, 3, Buffer.alloc(0))).toEqual([]);
  });

  it('parses records fed one byte at a time, padding skipped', () => {
    const wire = Buffer.concat([
      encodeRecord(RecordType.BeginRequest, 1, encodeBeginRequestBody(Role.Responder, FCGI_KEEP_CONN)),
      encodeRecord(RecordType.Params, 1, Buffer.from('abc')),
      encodeRecord(RecordType.Params, 1),
    ]);
    const parser = new RecordParser();
    const records = [];
    for (const byte of wire) records.push(...parser.push(Buffer.from([byte])));
    expect(records.map((r) => [r.version, r.type, r.requestId, r.content.toString('latin1')])).toEqual([
      [1, RecordType.BeginRequest, 1, '\x00\x01\x01\x00\x00\x00\x00\x00'],
      [1, RecordType.Params, 1, 'abc'],
      [1, RecordType.Params, 1, ''],
    ]);
    expect(parser.bufferedBytes).toBe(0);
  });

  it('parses records coalesced in one chunk and split at odd places', () => {
    const wire = Buffer.concat([
      encodeRecord(RecordType.Stdin, 7, Buffer.alloc(70_000 % FCGI_MAX_CONTENT_LENGTH, 1)),
      encodeRecord(RecordType.Stdin, 7, Buffer.alloc(9, 2)),
      encodeRecord(RecordType.Stdin, 7),
    ]);
    for (const cut of [1, 7, 8, 9, 4470, wire.length - 1]) {
      const parser = new RecordParser();
      const records = [...parser.push(wire.subarray(0, cut)), ...parser.push(wire.subarray(cut))];
      expect(records.map((r) => r.content.length)).toEqual([70_000 % FCGI_MAX_CONTENT_LENGTH, 9, 0]);
    }
  });

  it('keeps an incomplete record buffered until the rest arrives', () => {
    const parser = new RecordParser();
    const record = encodeRecord(RecordType.Stdout, 1, Buffer.from('xyz'));
    expect(parser.push(record.subarray(0, 10))).toEqual([]);
    expect(parser.bufferedBytes).toBe(10);
    expect(parser.push(record.subarray(10))).toHaveLength(1);
  });

  it('reports a header with another version at once and parses nothing after it', () => {
    const parser = new RecordParser();
    const records = parser.push(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    expect(records).toEqual([{ version: 0x47, type: 0x45, requestId: 0x5420, content: Buffer.alloc(0) }]);
    expect(parser.push(encodeRecord(RecordType.Stdin, 1))).toEqual([]);
  });

  it('encodes and decodes BEGIN_REQUEST and END_REQUEST bodies', () => {
    expect(decodeBeginRequestBody(encodeBeginRequestBody(Role.Filter, FCGI_KEEP_CONN))).toEqual({
      role: Role.Filter,
      flags: 1,
    });
    expect(decodeEndRequestBody(encodeEndRequestBody(0xfffffffe, ProtocolStatus.Overloaded))).toEqual({
      appStatus: 0xfffffffe,
      protocolStatus: 2,
    });
    expect(() => decodeBeginRequestBody(Buffer.alloc(3))).toThrow(FastcgiProtocolError);
  });
});

describe('FastCGI name-value pairs', () => {
  it('uses 1-byte lengths below 128 and 4-byte lengths from 128 up', () => {
    const short = encodeNameValuePairs([['A', 'b']]);
    expect([...short]).toEqual([1, 1, 0x41, 0x62]);

    const longValue = 'v'.repeat(128);
    const long = encodeNameValuePairs([['N', longValue]]);
    expect([...long.subarray(0, 5)]).toEqual([1, 0x80, 0, 0, 128]);
    const longName = 'n'.repeat(300);
    const both = encodeNameValuePairs([[longName, longValue]]);
    expect([...both.subarray(0, 8)]).toEqual([0x80, 0, 0x01, 0x2c, 0x80, 0, 0, 128]);
    expect(decodeNameValuePairs(both)).toEqual([[longName, longValue]]);
  });

  it('round-trips many pairs, empty values and raw bytes', () => {
    const pairs: Array<[string, string]> = [
      ['REQUEST_METHOD', 'GET'],
      ['QUERY_STRING', ''],
      ['HTTP_X', 'caf\xe9'],
      ['BIG', 'x'.repeat(70_000)],
    ];
    expect(decodeNameValuePairs(encodeNameValuePairs(pairs))).toEqual(pairs);
    expect(decodeNameValuePairs(encodeNameValuePairs({ A: Buffer.from([0xff, 0x00]) }))).toEqual([['A', '\xff\x00']]);
  });

  it('rejects pairs that run past the end of the stream', () => {
    expect(() => decodeNameValuePairs(Buffer.from([5, 1, 0x41]))).toThrow(FastcgiProtocolError);
    expect(() => decodeNameValuePairs(Buffer.from([0x80, 0]))).toThrow(/4-byte length/);
    expect(() => decodeNameValuePairs(Buffer.from([0x80, 0, 0, 1, 0]))).toThrow(FastcgiProtocolError);
  });
});
