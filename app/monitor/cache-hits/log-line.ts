/**
 * One line of the cache-hit log (format: log-format.ts), read as latin1 (one
 * char per byte) → what was answered, or null for anything else.
 */

export interface CacheHit {
  readonly status: number;
  readonly method: string;
  /** The request's path, without its query string, as the client sent it. */
  readonly path: string;
  /** The Referer's value, unescaped; null when there was none. */
  readonly referer: string | null;
}

const head = /^\S+ ([1-5]\d\d) "/;

export function parseCacheHitLine(line: string): CacheHit | null {
  const start = head.exec(line);
  if (!start) return null;
  const request = quoted(line, start[0].length);
  if (!request || line[request.end] !== ' ' || line[request.end + 1] !== '"') return null;
  const referer = quoted(line, request.end + 2);
  if (!referer || line.slice(referer.end).trim() !== '') return null;
  const [method, target, protocol] = request.value.split(' ');
  if (!method || !target?.startsWith('/') || !protocol?.startsWith('HTTP/') || !/^[A-Z]+$/.test(method)) return null;
  const query = target.indexOf('?');
  return {
    status: Number(start[1]),
    method,
    path: query === -1 ? target : target.slice(0, query),
    referer: referer.value === '-' || referer.value === '' ? null : referer.value,
  };
}

const simpleEscapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', v: '\v', '"': '"', '\\': '\\' };

/**
 * The value of the quoted field whose content starts at `from` (just after its
 * opening quote), unescaped, and the index just past its closing quote; null
 * if the line ends first or has an escape neither server writes. The line is
 * one char per byte (latin1), so \xHH escapes are bytes too, and the value is
 * decoded as UTF-8 at the end.
 */
function quoted(line: string, from: number): { value: string; end: number } | null {
  let value = '';
  let run = from;
  for (let i = from; i < line.length; i += 1) {
    const char = line[i];
    if (char === '"') {
      value += line.slice(run, i);
      return { value: /[\x80-\xff]/.test(value) ? Buffer.from(value, 'latin1').toString('utf8') : value, end: i + 1 };
    }
    if (char !== '\\') continue;
    value += line.slice(run, i);
    const next = line[i + 1];
    if (next === 'x') {
      const hex = line.slice(i + 2, i + 4);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return null;
      value += String.fromCharCode(parseInt(hex, 16));
      i += 3;
    } else if (next !== undefined && next in simpleEscapes) {
      value += simpleEscapes[next];
      i += 1;
    } else return null;
    run = i + 1;
  }
  return null;
}
