/**
 * An article's cover: an image from the upload library shown at the top of
 * the article, in listings and in link previews. Only images qualify, since
 * every theme puts it in an <img>.
 */
import type { Prisma } from '#app/models/db.ts';
import { ValidationError } from '#app/models/validation.ts';
import { uploadKind } from '#app/models/upload/links.ts';

export const coverRefused = 'Choose an image from the library.';

/** The cover id to store: `undefined` keeps the current one (a client that does not mention it), null removes it. */
export async function checkedCoverId(
  tx: Prisma.TransactionClient,
  id: number | null | undefined,
  field = 'coverAssetId',
): Promise<number | null | undefined> {
  if (id === undefined || id === null) return id;
  const asset = await tx.asset.findUnique({ where: { id }, select: { contentType: true } });
  if (!asset || uploadKind(asset) !== 'image') throw new ValidationError({ [field]: coverRefused });
  return id;
}

/**
 * Before an upload is deleted: the articles that show it as their cover lose
 * it now, as a save would (their updatedAt moves, so the page cache's sweep
 * sees them changed), instead of the foreign key's silent SetNull leaving
 * cached pages with a broken image. Returns what to announce once committed.
 */
export async function releaseCoverUses(
  tx: Prisma.TransactionClient,
  assetId: number,
): Promise<{ articleIds: number[]; wasDefaultImage: boolean }> {
  const covered = await tx.article.findMany({ where: { coverAssetId: assetId }, select: { id: true } });
  if (covered.length) await tx.article.updateMany({ where: { coverAssetId: assetId }, data: { coverAssetId: null } });
  const settings = await tx.setting.count({ where: { defaultImageAssetId: assetId } });
  return { articleIds: covered.map((a) => a.id), wasDefaultImage: settings > 0 };
}
