/**
 * metaWeblog.newMediaObject and wp.uploadFile: a file in a struct {name,
 * type, bits}. The bits are written to the uploads' temp dir and stored by
 * storeUploads like an admin upload: judged by content (the client's type
 * is ignored), images re-encoded, the same size limit.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Method } from '#app/xmlrpc/call-context.ts';
import { signIn } from '#app/xmlrpc/call-context.ts';
import { struct, field } from '#app/xmlrpc/params.ts';
import { badParams, Fault } from '#app/xmlrpc/fault.ts';
import { storeUploads } from '#app/models/upload.ts';
import { uploadUrl } from '#app/models/upload/links.ts';
import { tempPath } from '#app/models/upload/storage.ts';
import { ValidationError } from '#app/models/validation.ts';
import { absoluteUrl } from '#app/helpers/permalinks.ts';
import { uploadDirs } from '#config/uploads.ts';

/** (blog_id, username, password, {name, type, bits, overwrite}) → {id, file, url, type} */
const upload: Method = async (params, context) => {
  const client = await signIn(params, { user: 1, password: 2 }, context);
  const data = struct(params, 3, 'data');
  const name = field(data, 'name')?.trim() || 'upload';
  const bits = data.bits;
  if (!(bits instanceof Uint8Array)) throw badParams('The file’s bits must be sent as base64.');
  const maxBytes = context.config.uploadMaxBytes;
  if (bits.byteLength > maxBytes)
    throw new Fault(
      413,
      `“${name}” is larger than this blog accepts (${Math.floor(maxBytes / 1_048_576)} MB at most).`,
    );
  const dirs = uploadDirs(context.config);
  await mkdir(dirs.temp, { recursive: true });
  const incoming = tempPath(dirs);
  await writeFile(incoming, bits, { flag: 'wx', mode: 0o600 });
  const [stored] = await storeUploads(
    [{ path: incoming, originalName: name, size: bits.byteLength }],
    client.user,
    dirs,
  ).catch((error: unknown) => {
    if (error instanceof ValidationError) throw new Fault(415, error.message);
    throw error;
  });
  return {
    id: String(stored!.id),
    file: path.posix.basename(stored!.storedName),
    url: absoluteUrl(context.site.baseUrl, uploadUrl(stored!)),
    type: stored!.contentType,
  };
};

export const mediaMethods: Record<string, Method> = {
  'metaWeblog.newMediaObject': upload,
  'wp.uploadFile': upload,
};
