/**
 * Request bodies of the client APIs, each parsed by its own rules and
 * limits before its route (they are mounted before the blog's small form
 * parser; see config/application.ts).

 */
import express, { type RequestHandler } from 'express';
import type { Config } from '#config/environment.ts';

/**
 * XML-RPC's body, as text whatever the content type (clients send text/xml,
 * application/xml, or nothing useful). The limit fits the largest upload
 * allowed once base64-encoded (4/3, plus the line breaks some clients add
 * every 76 characters: Python's xmlrpc.client does) and 256 KiB for the
 * rest of the call. A larger body is a plain-text 413 (a transport error,
 * not a fault); DTDs and the document's shape are refused by
 * app/xmlrpc/codec.ts before parsing.
 */
export function xmlRpcBody(config: Config): RequestHandler {
  const limit = xmlRpcBodyLimit(config.uploadMaxBytes);
  const text = express.text({ type: () => true, limit, defaultCharset: 'utf-8' });
  return (req, res, next) => {
    text(req, res, (error?: unknown) => {
      if ((error as { type?: string } | undefined)?.type === 'entity.too.large') {
        res
          .status(413)
          .type('text')
          .send(
            `The XML-RPC request is larger than this blog accepts (${Math.floor(limit / 1_048_576)} MB, ` +
              `enough for a file of ${Math.floor(config.uploadMaxBytes / 1_048_576)} MB). Upload a smaller file.`,
          );
        return;
      }
      next(error);
    });
  };
}

/** Bytes: the largest upload as base64 with CRLF every 76 characters, plus 256 KiB. */
export function xmlRpcBodyLimit(uploadMaxBytes: number): number {
  return Math.ceil(((uploadMaxBytes * 4) / 3) * (78 / 76)) + 256 * 1024;
}

/** Micropub's: form-encoded or JSON (micropubBody), multipart with files (micropubMediaUpload). */
export { micropubBody, micropubMediaUpload } from '#app/micropub/bodies.ts';
