/**
 * Decoding a fetched body by the charset its Content-Type names, the way a
 * browser would: WHATWG labels through TextDecoder, UTF-8 when none or an
 * unknown one is named.
 */

export function decodeText(body: Buffer, contentType: string | null): string {
  const label = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1] ?? 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return decoder.encoding === 'windows-1252' ? decodeWindows1252(body) : decoder.decode(body);
}

// windows-1252 is the commonest legacy charset on the web, and what the
// labels iso-8859-1, latin1 and us-ascii mean to a browser. Node 20's
// TextDecoder decodes it as Latin-1, so 0x80–0x9F (curly quotes, dashes, €)
// come out as control characters; those 32 bytes are mapped here instead.
const windows1252High =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeWindows1252(body: Buffer): string {
  let text = '';
  for (let start = 0; start < body.length; start += 8192) {
    const chunk = body.subarray(start, start + 8192);
    text += String.fromCharCode(
      ...Array.from(chunk, (byte) => (byte >= 0x80 && byte <= 0x9f ? windows1252High.charCodeAt(byte - 0x80) : byte)),
    );
  }
  return text;
}
