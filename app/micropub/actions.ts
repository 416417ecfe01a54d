/**
 * What each Micropub action does, through the same models as the admin:
 * saveFromClient (text filters, sanitising, revisions, scheduling, cache
 * expiry), storeUploads (content checks, re-encoding) and the trash.
 */
import type { ApiClient } from '#app/models/app-password.ts';
import { saveFromClient } from '#app/models/article/client-posting.ts';
import { restoreArticle, trashArticle, isTrashed } from '#app/models/article/trash.ts';
import { deleteUpload, storeUploads, type IncomingFile } from '#app/models/upload.ts';
import { uploadKind, uploadUrl } from '#app/models/upload/links.ts';
import { imageVariants, type UploadDirs } from '#config/uploads.ts';
import { MicropubError, invalidRequest } from '#app/micropub/errors.ts';
import { requireScope } from '#app/micropub/authentication.ts';
import type { MicropubAction } from '#app/micropub/request.ts';
import { articleInputFrom, type Photo } from '#app/micropub/entry.ts';
import { updatedInput } from '#app/micropub/update.ts';
import { articleAt, postUrl } from '#app/micropub/posts.ts';

export interface ActionContext {
  client: ApiClient;
  baseUrl: string;
  dirs: UploadDirs;
  /** Photos sent as files (multipart create). */
  files: IncomingFile[];
  now: Date;
}

/** The HTTP answer: 201 with the post's URL, or 204 when nothing new is to be said. */
export interface ActionResult {
  status: 201 | 204;
  location?: string;
}

export async function performAction(request: MicropubAction, c: ActionContext): Promise<ActionResult> {
  switch (request.action) {
    case 'create':
      return create(request.type, request.properties, c);
    case 'update': {
      requireScope(c.client, 'update');
      const article = await articleAt(request.url, c.baseUrl, c.client);
      if (isTrashed(article)) throw invalidRequest('That post is deleted: undelete it before updating it.');
      const saved = await saveFromClient(updatedInput(article, request, c.baseUrl, c.now), c.client, article, c.now);
      const before = postUrl(article, c.baseUrl);
      const after = postUrl(saved, c.baseUrl);
      // The spec's rule: a post whose URL changed answers 201 with the new one.
      return after === before ? { status: 204 } : { status: 201, location: after };
    }
    case 'delete':
    case 'undelete': {
      requireScope(c.client, request.action);
      const article = await articleAt(request.url, c.baseUrl, c.client);
      if (request.action === 'delete') await trashArticle(article.id, c.now);
      else await restoreArticle(article.id);
      return { status: 204 };
    }
  }
}

async function create(type: string, properties: Record<string, unknown[]>, c: ActionContext): Promise<ActionResult> {
  // The "draft" scope alone may create posts, always as drafts.
  const draftOnly = !c.client.scopes.has('create');
  if (draftOnly && !c.client.scopes.has('draft'))
    throw new MicropubError('insufficient_scope', 'This token was not granted the “create” scope.', 'create');
  if (type !== 'h-entry') throw invalidRequest(`Folio posts h-entry objects only, not ${type}.`);
  const input = articleInputFrom(properties, [], null, c.now);
  const photos = await storedPhotos(c);
  const withFiles = photos.length ? articleInputFrom(properties, photos, null, c.now) : input;
  const saved = await saveFromClient(
    draftOnly ? { ...withFiles, state: 'draft', publishedAt: null } : withFiles,
    c.client,
    null,
    c.now,
  );
  return { status: 201, location: postUrl(saved, c.baseUrl) };
}

/** Uploaded photos, stored like the admin's uploads (a large image shows as its medium copy), once the post is valid. */
async function storedPhotos(c: ActionContext): Promise<Photo[]> {
  if (c.files.length === 0) return [];
  const uploads = await storeUploads(c.files, c.client.user, c.dirs);
  // The library also takes PDF, audio and video; a photo must be an image (the file decides, not its name).
  const notImage = uploads.find((upload) => uploadKind(upload) !== 'image');
  if (notImage) {
    for (const upload of uploads) await deleteUpload(upload, c.dirs);
    throw invalidRequest(`A photo must be an image (JPEG, PNG, GIF or WebP); "${notImage.originalName}" is not.`);
  }
  return uploads.map((upload) => {
    const large = (upload.width ?? 0) > imageVariants.medium || (upload.height ?? 0) > imageVariants.medium;
    return { url: uploadUrl(upload, large ? 'medium' : null), alt: upload.originalName.replace(/\.\w+$/, '') };
  });
}
