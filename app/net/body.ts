/**
 * Reading a response body within a byte limit. The limit applies to the
 * bytes after decompression, since that is what sits in memory and what a
 * small compressed "bomb" inflates into; reading stops (and the connection
 * is dropped) the moment it is passed, so a huge or endless answer costs no
 * more than the limit.
 */
import type { IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Writable, type Transform } from 'node:stream';
import zlib from 'node:zlib';
import { OutboundRefused } from '#app/net/refusal.ts';

/**
 * What the request says it accepts. Compression is accepted, not refused
 * with identity: most sites send HTML far smaller gzipped, some CDNs send it
 * compressed whatever is asked, and the limit is on decompressed bytes either way.
 */
export const acceptEncoding = 'gzip, deflate, br';

export async function readBody(
  response: IncomingMessage,
  maxBytes: number,
  signal: AbortSignal,
  where: string,
): Promise<Buffer> {
  const tooLarge = () => new OutboundRefused('too-large', `${where} answered with more than ${maxBytes} bytes`);
  const encodings = contentEncodings(response.headers['content-encoding']);
  const declared = Number(response.headers['content-length']);
  if (encodings.length === 0 && declared > maxBytes) {
    response.destroy();
    throw tooLarge();
  }
  const decoders = encodings.reverse().map((encoding) => decoder(encoding, where));
  const chunks: Buffer[] = [];
  let length = 0;
  const collect = new Writable({
    write(chunk: Buffer, _encoding, done) {
      length += chunk.length;
      if (length > maxBytes) return done(tooLarge());
      chunks.push(chunk);
      done();
    },
  });
  await pipeline([response, ...decoders, collect], { signal });
  return Buffer.concat(chunks, length);
}

function contentEncodings(header: string | undefined): string[] {
  return (header ?? '')
    .split(',')
    .map((encoding) => encoding.trim().toLowerCase())
    .filter((encoding) => encoding !== '' && encoding !== 'identity');
}

// Flushing leniently, as browsers do: an empty or cut-short compressed body
// yields what it has instead of failing on "unexpected end of file".
function decoder(encoding: string, where: string): Transform {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip({ finishFlush: zlib.constants.Z_SYNC_FLUSH });
    case 'deflate':
      // Unzip reads the zlib-wrapped deflate the standard means (and gzip, which some servers send under this name).
      return zlib.createUnzip({ finishFlush: zlib.constants.Z_SYNC_FLUSH });
    case 'br':
      return zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
    default:
      throw new OutboundRefused('network', `${where} answered in an encoding Folio cannot read (${encoding})`);
  }
}
