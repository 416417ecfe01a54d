/**
 * The blog's default image for link previews (Setting.defaultImageAssetId):
 * shown when a shared page has no cover of its own. Only an image qualifies
 * (the settings form checks it; a row changed behind its back is ignored).
 */
import { db } from '#app/models/db.ts';
import type { ReadableCover } from '#app/database/index.ts';
import { uploadKind } from '#app/models/upload/links.ts';

export async function findDefaultImage(settings: { defaultImageAssetId: number | null }): Promise<ReadableCover | null> {
  if (settings.defaultImageAssetId === null) return null;
  const asset = await db.asset.findUnique({
    where: { id: settings.defaultImageAssetId },
    select: { storedName: true, width: true, height: true, contentType: true },
  });
  return asset && uploadKind(asset) === 'image'
    ? { storedName: asset.storedName, width: asset.width, height: asset.height }
    : null;
}
