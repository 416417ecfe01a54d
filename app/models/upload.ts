/**
 * Uploaded files (the library). A file is judged by its content,
 * stored under a generated name in the data dir, and recorded with the
 * client's name kept only as data. An image is stored re-encoded, never as
 * sent. Authors see and delete their own uploads; administrators see all.
 * Facets: upload/content-check.ts (type by magic bytes), upload/images.ts
 * (re-encoding, variants, pixel limit), upload/storage.ts
 * (names, paths, atomic moves), upload/links.ts (URLs and Markdown).
 */
import { containsIgnoringCase, db, type Prisma, type User } from '#app/models/db.ts';
import { NotFoundError, ValidationError } from '#app/models/validation.ts';
import { announce } from '#app/models/changes.ts';
import { releaseCoverUses } from '#app/models/article/cover.ts';
import { forgetSettings } from '#app/models/settings.ts';
import type { UploadDirs } from '#config/uploads.ts';
import { checkContent, UnacceptableFile, type AcceptedType } from '#app/models/upload/content-check.ts';
import { prepareImage, type PreparedImage } from '#app/models/upload/images.ts';
import {
  allNames,
  generateStoredName,
  parseUploadPath,
  moveIntoPlace,
  removeFiles,
  storedPath,
  tempPath,
  variantName,
} from '#app/models/upload/storage.ts';
import { copyFile, mkdir, stat } from 'node:fs/promises';

export type Upload = Prisma.AssetModel;
type Viewer = Pick<User, 'id' | 'role'>;

/** A file as received (multer wrote it to the temp dir). */
export interface IncomingFile {
  path: string;
  /** The client's name for it: data to show, never a path. */
  originalName: string;
  size: number;
}

/**
 * Checks every file first, then stores them. If any file is refused, none is
 * stored and the ValidationError names each refused file and why. The
 * incoming temp files are consumed: moved into place, or removed.
 */
export async function storeUploads(
  files: IncomingFile[],
  uploader: Pick<User, 'id'>,
  dirs: UploadDirs,
): Promise<Upload[]> {
  const ready: Ready[] = [];
  try {
    if (files.length === 0) throw new ValidationError({ files: 'Choose at least one file to upload.' });
    const refusals: string[] = [];
    for (const file of files) {
      const result = await inspect(file, dirs);
      if ('refusal' in result)
        refusals.push(`“${cleanOriginalName(file.originalName)}” was refused: ${result.refusal}`);
      else ready.push({ file, ...result });
    }
    if (refusals.length > 0) throw new ValidationError({ files: refusals.join(' ') });
    const stored: Upload[] = [];
    for (const item of ready) {
      const upload = await store(item, uploader.id, dirs, db);
      await announce({ type: 'asset', id: upload.id });
      stored.push(upload);
    }
    return stored;
  } finally {
    // Whatever was not moved into place is left over: remove it.
    await removeFiles([
      ...files.map((f) => f.path),
      ...ready.flatMap((r) => (r.image ? [r.image.original.path, ...r.image.variants.map((v) => v.path)] : [])),
    ]);
  }
}

/** The library: newest first, searchable by original name; an author sees only their own. */
export async function listUploads(viewer: Viewer, options: { query?: string; page?: number; perPage: number }) {
  const query = options.query?.trim().slice(0, 100) ?? '';
  const where: Prisma.AssetWhereInput = {
    ...visibleTo(viewer),
    ...(query ? { originalName: containsIgnoringCase(query) } : {}),
  };
  const page = options.page ?? 1;
  const [uploads, total] = await Promise.all([
    db.asset.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (page - 1) * options.perPage,
      take: options.perPage,
      include: { uploader: { select: { displayName: true } } },
    }),
    db.asset.count({ where }),
  ]);
  return { uploads, total, query };
}

/** An upload the viewer may manage; another author's upload is "not found". */
export async function findUploadFor(viewer: Viewer, id: number): Promise<Upload> {
  const upload = await db.asset.findFirst({ where: { id, ...visibleTo(viewer) } });
  if (!upload) throw new NotFoundError('That upload');
  return upload;
}

/** For public serving: the row behind a stored name, if any. */
export function findUploadByStoredName(storedName: string): Promise<Upload | null> {
  return db.asset.findUnique({ where: { storedName } });
}

/** Articles (visible to the viewer) whose text mentions the upload, to warn before deleting it. */
export function articlesUsing(upload: Upload, viewer: Viewer) {
  const mine = viewer.role === 'admin' ? {} : { authorId: viewer.id };
  const stem = upload.storedName.replace(/\.\w+$/, ''); // matches the variants' URLs too
  return db.article.findMany({
    where: {
      ...mine,
      OR: [{ bodySource: { contains: stem } }, { excerpt: { contains: stem } }, { coverAssetId: upload.id }],
    },
    select: { id: true, title: true },
    orderBy: { updatedAt: 'desc' },
    take: 20,
  });
}

/** Removes the row, then the original and its variants. */
export async function deleteUpload(upload: Upload, dirs: UploadDirs): Promise<void> {
  const uses = await db.$transaction(async (tx) => {
    const released = await releaseCoverUses(tx, upload.id);
    await tx.asset.delete({ where: { id: upload.id } });
    return released;
  });
  await removeFiles(allNames(upload.storedName).map((name) => storedPath(dirs, name)));
  await announce({ type: 'asset', id: upload.id });
  // Pages showing it as a cover or as the link previews' default image change.
  for (const id of uses.articleIds) await announce({ type: 'article', id });
  if (uses.wasDefaultImage) {
    forgetSettings();
    await announce({ type: 'settings', id: null });
  }
}

/** The client's name made harmless as data: no path, no control characters, bounded length. */
export function cleanOriginalName(name: string): string {
  const base = withoutControlCharacters(name.split(/[/\\]/).pop()!).trim();
  return base.slice(0, 200) || 'upload';
}

/** Drops C0 control characters and DEL. */
function withoutControlCharacters(text: string): string {
  return Array.from(text, (c) => (c < ' ' || c === '\u007f' ? '' : c)).join('');
}

type Inspection = { refusal: string } | { type: AcceptedType; image: PreparedImage | null };
type Ready = { file: IncomingFile; type: AcceptedType; image: PreparedImage | null };

async function inspect(file: IncomingFile, dirs: UploadDirs): Promise<Inspection> {
  if (file.size === 0) return { refusal: 'it is empty.' };
  try {
    const type = await checkContent(file.path);
    return { type, image: type.kind === 'image' ? await prepareImage(file.path, type.ext, dirs) : null };
  } catch (error) {
    if (error instanceof UnacceptableFile) return { refusal: error.message };
    throw error;
  }
}

/**
 * An import's attachment: a copy of `source` is checked and stored exactly
 * as an admin's upload is, its row written in the import's transaction.
 * `placed` hears of the stored files before the row is written, so an
 * import that rolls back can remove them. Returns why it was refused, if it was.
 */
export async function storeImportedUpload(
  tx: Prisma.TransactionClient,
  /** `storedName`: the name it had in the Folio blog it was exported from, kept when free (its URLs stay the same). */
  source: { path: string; originalName: string; createdAt?: Date; storedName?: string },
  uploaderId: number,
  dirs: UploadDirs,
  placed: (paths: string[]) => void,
): Promise<Upload | { refusal: string }> {
  await mkdir(dirs.temp, { recursive: true });
  const file: IncomingFile = { path: tempPath(dirs), originalName: source.originalName, size: 0 };
  const leftovers = [file.path];
  try {
    await copyFile(source.path, file.path);
    file.size = (await stat(file.path)).size;
    const result = await inspect(file, dirs);
    if ('refusal' in result) return result;
    if (result.image) leftovers.push(result.image.original.path, ...result.image.variants.map((v) => v.path));
    return await store({ file, ...result }, uploaderId, dirs, tx, {
      createdAt: source.createdAt,
      placed,
      storedName: source.storedName,
    });
  } finally {
    await removeFiles(leftovers);
  }
}

async function store(
  { file, type, image }: Ready,
  uploaderId: number,
  dirs: UploadDirs,
  client: Prisma.TransactionClient,
  imported: { createdAt?: Date; placed: (paths: string[]) => void; storedName?: string } | null = null,
): Promise<Upload> {
  const kept = imported?.storedName;
  const storedName =
    kept && (await isFreeStoredName(kept, type.ext, dirs, client)) ? kept : generateStoredName(type.ext);
  // An image's stored original is its re-encoded copy; the upload itself is removed with the other leftovers.
  const moves = [
    { from: image?.original.path ?? file.path, name: storedName },
    ...(image?.variants.map((v) => ({ from: v.path, name: variantName(storedName, v.variant) })) ?? []),
  ];
  await moveIntoPlace(dirs, moves);
  imported?.placed(moves.map((m) => storedPath(dirs, m.name)));
  let upload: Upload;
  try {
    upload = await client.asset.create({
      data: {
        storedName,
        originalName: cleanOriginalName(file.originalName),
        contentType: type.contentType,
        byteSize: image?.original.size ?? file.size,
        width: image?.width ?? null,
        height: image?.height ?? null,
        uploaderId,
        ...(imported?.createdAt && { createdAt: imported.createdAt }),
      },
    });
  } catch (error) {
    await removeFiles(moves.map((m) => storedPath(dirs, m.name)));
    throw error;
  }
  return upload;
}

/** A name of our own pattern, for this type, that no upload (row or file) has here. */
async function isFreeStoredName(
  name: string,
  ext: string,
  dirs: UploadDirs,
  client: Prisma.TransactionClient,
): Promise<boolean> {
  const parsed = parseUploadPath(name);
  if (parsed?.storedName !== name || parsed.variant !== null || !name.endsWith(`.${ext}`)) return false;
  if (await client.asset.findUnique({ where: { storedName: name }, select: { id: true } })) return false;
  const files = await Promise.all(
    allNames(name).map((n) =>
      stat(storedPath(dirs, n)).then(
        () => true,
        () => false,
      ),
    ),
  );
  return !files.includes(true);
}

export function visibleTo(viewer: Viewer): Prisma.AssetWhereInput {
  return viewer.role === 'admin' ? {} : { uploaderId: viewer.id };
}
