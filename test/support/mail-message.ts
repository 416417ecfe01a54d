/**
 * Reads one stored mail (RFC 5322) into what tests assert on. No mail parser
 * is installed, and the messages are nodemailer's own, so this decodes only
 * what nodemailer writes: folded headers, RFC 2047 encoded words,
 * multipart/* bodies, quoted-printable and base64 parts in UTF-8.
 */

export interface MailMessage {
  readonly from: string;
  /** The To header as written. */
  readonly to: string;
  /** The envelope recipients (aiosmtpd's X-RcptTo), one per address. */
  readonly recipients: readonly string[];
  readonly subject: string;
  /** The text/plain part, decoded ('' when none). */
  readonly text: string;
  /** The text/html part, decoded (undefined when none). */
  readonly html: string | undefined;
  /** Every top-level header, lower-cased names, values unfolded and decoded; the last wins. */
  readonly headers: Readonly<Record<string, string>>;
  /** The message as received. */
  readonly raw: string;
}

export function parseMail(raw: string): MailMessage {
  const { headers, body } = splitEntity(raw);
  const parts = leafParts(headers, body);
  const text = parts.find((p) => p.type === 'text/plain')?.content ?? '';
  const html = parts.find((p) => p.type === 'text/html')?.content;
  return {
    from: headers.from ?? '',
    to: headers.to ?? '',
    recipients: (headers['x-rcptto'] ?? '').split(/,\s*/).filter(Boolean),
    subject: headers.subject ?? '',
    text,
    html,
    headers,
    raw,
  };
}

interface Part {
  readonly type: string;
  readonly content: string;
}

function splitEntity(entity: string): { headers: Record<string, string>; body: string } {
  const normalized = entity.replace(/\r\n/g, '\n');
  const end = normalized.indexOf('\n\n');
  const head = end === -1 ? normalized : normalized.slice(0, end);
  const body = end === -1 ? '' : normalized.slice(end + 2);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers[line.slice(0, colon).trim().toLowerCase()] = decodeWords(line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function leafParts(headers: Record<string, string>, body: string): Part[] {
  const contentType = headers['content-type'] ?? 'text/plain';
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type.startsWith('multipart/')) {
    const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
    if (!boundary) return [];
    return body
      .split(`--${boundary}`)
      .slice(1)
      .filter((chunk) => !chunk.startsWith('--'))
      .flatMap((chunk) => {
        const part = splitEntity(chunk.replace(/^\n/, ''));
        return leafParts(part.headers, part.body);
      });
  }
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  return [{ type, content: decodeBody(body, encoding) }];
}

function decodeBody(body: string, encoding: string): string {
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return quotedPrintable(body.replace(/=\n/g, ''));
  return body.replace(/\n$/, '');
}

/** Quoted-printable bytes (=XX) back to UTF-8 text. */
function quotedPrintable(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const hex = text[i] === '=' ? text.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(text[i]!, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8').replace(/\n$/, '');
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= and =?UTF-8?B?…?=); whitespace between two of them is dropped. */
function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, _charset: string, kind: string, data: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : quotedPrintable(data.replace(/_/g, ' ')),
    );
}
