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
