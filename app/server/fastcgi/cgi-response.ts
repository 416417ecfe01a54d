/**
 * Node's HTTP/1.1 response bytes → a CGI response: `Status: 200 OK`, the
 * end-to-end headers, a blank line, the body. The web server frames the body
 * for its client itself, so hop-by-hop headers (Connection, Keep-Alive,
 * Transfer-Encoding, ...) are dropped and a chunked body is decoded.
 */

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'status',
]);
const MAX_HEAD_BYTES = 1024 * 1024;
const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');
const EMPTY: Buffer = Buffer.alloc(0);

/** The answers the responder gives itself, when the app never saw the request or never answered it. */
export type OwnStatus = 400 | 413 | 502;
const REASONS: Record<OwnStatus, string> = { 400: 'Bad Request', 413: 'Payload Too Large', 502: 'Bad Gateway' };

/** A complete, minimal CGI response with a text body (none for HEAD). */
export function plainCgiResponse(status: OwnStatus, head: boolean): Buffer {
  const reason = REASONS[status];
  const body = head ? '' : `${reason}\n`;
  return Buffer.from(
    `Status: ${status} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    'latin1',
  );
}

type State = 'head' | 'raw' | 'chunk-size' | 'chunk-data' | 'chunk-data-end' | 'trailer' | 'done';

export class CgiResponseTranslator {
  #state: State = 'head';
  #pending: Buffer = EMPTY;
  #chunkRemaining = 0;
  /** The final (non-1xx) status once its head has been translated. */
  status: number | undefined;

  /** True once the CGI head has been produced: from then on the response is committed. */
  get headSent(): boolean {
    return this.status !== undefined;
  }

  /** True when a chunked body has seen its last chunk (raw bodies end when Node says so). */
  get bodyComplete(): boolean {
    return this.#state === 'done';
  }

  /** Feed response bytes; returns the CGI bytes they translate to. Throws on bytes that are not an HTTP response. */
  push(chunk: Buffer): Buffer[] {
    const out: Buffer[] = [];
    let bytes: Buffer = this.#pending.length > 0 ? Buffer.concat([this.#pending, chunk]) : chunk;
    this.#pending = EMPTY;
    while (bytes.length > 0) {
      switch (this.#state) {
        case 'head': {
          const end = bytes.indexOf(HEAD_END);
          if (end < 0) {
            if (bytes.length > MAX_HEAD_BYTES) throw new Error('response head exceeds 1 MiB');
            this.#pending = bytes;
            return out;
          }
          const head = this.#translateHead(bytes.toString('latin1', 0, end));
          if (head) out.push(head);
          bytes = bytes.subarray(end + HEAD_END.length);
          break;
        }
        case 'raw':
          out.push(bytes);
          return out;
        case 'chunk-size':
        case 'trailer': {
          const eol = bytes.indexOf(CRLF);
          if (eol < 0) {
            if (bytes.length > 4096) throw new Error('chunk-size or trailer line too long');
            this.#pending = bytes;
            return out;
          }
          this.#line(bytes.toString('latin1', 0, eol));
          bytes = bytes.subarray(eol + CRLF.length);
          break;
        }
        case 'chunk-data': {
          const take = Math.min(this.#chunkRemaining, bytes.length);
          out.push(bytes.subarray(0, take));
          bytes = bytes.subarray(take);
          this.#chunkRemaining -= take;
          if (this.#chunkRemaining === 0) this.#state = 'chunk-data-end';
          break;
        }
        case 'chunk-data-end': {
          if (bytes.length < 2) {
            this.#pending = bytes;
            return out;
          }
          if (bytes[0] !== 0x0d || bytes[1] !== 0x0a) throw new Error('chunk data not followed by CRLF');
          bytes = bytes.subarray(2);
          this.#state = 'chunk-size';
          break;
        }
        case 'done':
          return out;
      }
    }
    return out;
  }

  /** Returns the CGI head, or undefined for an interim 1xx response (CGI cannot carry those). */
  #translateHead(head: string): Buffer | undefined {
    const [statusLine = '', ...fields] = head.split('\r\n');
    const match = /^HTTP\/\d\.\d (\d{3})(?: (.*))?$/.exec(statusLine);
    if (!match) throw new Error(`not an HTTP status line: ${JSON.stringify(statusLine.slice(0, 80))}`);
    const status = Number(match[1]);
    if (status < 200) return undefined;

    const named = new Set<string>();
    let chunked = false;
    const kept: string[] = [];
    const entries = fields.map((line) => {
      const colon = line.indexOf(':');
      return { name: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1).trim(), line };
    });
    for (const { name, value } of entries) {
      if (name === 'connection') for (const token of value.split(',')) named.add(token.trim().toLowerCase());
      if (name === 'transfer-encoding') chunked = /(?:^|,)\s*chunked\s*$/i.test(value);
    }
    for (const { name, line } of entries) {
      if (name && !HOP_BY_HOP.has(name) && !named.has(name)) kept.push(line);
    }
    this.status = status;
    this.#state = chunked ? 'chunk-size' : 'raw';
    const reason = match[2] ?? '';
    return Buffer.from(
      `Status: ${status}${reason ? ` ${reason}` : ''}\r\n${kept.map((l) => `${l}\r\n`).join('')}\r\n`,
      'latin1',
    );
  }

  #line(line: string): void {
    if (this.#state === 'trailer') {
      // CGI has no trailers: they are read and dropped.
      if (line === '') this.#state = 'done';
      return;
    }
    const size = /^([0-9a-fA-F]{1,8})\s*(?:;.*)?$/.exec(line);
    if (!size) throw new Error(`bad chunk-size line ${JSON.stringify(line.slice(0, 40))}`);
    this.#chunkRemaining = parseInt(size[1]!, 16);
    this.#state = this.#chunkRemaining === 0 ? 'trailer' : 'chunk-data';
  }
}
