/**
 * Management records (request id 0): GET_VALUES is answered from the limits
 * the server enforces; any other type gets FCGI_UNKNOWN_TYPE, as the spec asks.
 */
import {
  RecordType,
  ValueName,
  encodeRecord,
  encodeUnknownTypeBody,
  encodeNameValuePairs,
  decodeNameValuePairs,
} from '#app/server/fastcgi/protocol.ts';
import type { ResolvedOptions } from '#app/server/fastcgi/options.ts';

/** The record to send back; throws FastcgiProtocolError on a malformed GET_VALUES. */
export function answerManagementRecord(type: number, content: Buffer, options: ResolvedOptions): Buffer {
  if (type !== RecordType.GetValues) return encodeRecord(RecordType.UnknownType, 0, encodeUnknownTypeBody(type));
  const { maxConnections, maxConcurrentRequests } = options;
  const known = new Map<string, string>([
    [ValueName.MaxConns, String(maxConnections)],
    [ValueName.MaxReqs, String(maxConnections * maxConcurrentRequests)],
    // Advertise multiplexing only when a connection may really carry more than one request.
    [ValueName.MpxsConns, maxConcurrentRequests > 1 ? '1' : '0'],
  ]);
  const answer = decodeNameValuePairs(content).flatMap(([name]) => {
    const value = known.get(name);
    return value === undefined ? [] : [[name, value] as const];
  });
  return encodeRecord(RecordType.GetValuesResult, 0, encodeNameValuePairs(answer));
}
