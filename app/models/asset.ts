/**
 * Uploaded files (the asset library). A file is judged by its content,
 * stored under a generated name in the data dir, and recorded with the
 * client's name kept only as data. An image is stored re-encoded, never as
 * sent. Authors see and delete their own uploads; administrators see all.
 * Facets: asset/content-check.ts (type by magic bytes), asset/images.ts
 * (re-encoding, variants, pixel limit), asset/storage.ts
 * (names, paths, atomic moves), asset/links.ts (URLs and Markdown).
 */
import { db, type Prisma, type User } from '#app/models/db.ts';
import { NotFoundError, ValidationError } from '#app/models/validation.ts';
import { announce } from '#app/models/changes.ts';
import type { UploadDirs } from '#config/uploads.ts';
import { checkContent, UnacceptableFile, type AcceptedType } from '#app/models/asset/content-check.ts';
import { prepareImage, type PreparedImage } from '#app/models/asset/images.ts';
import {
  allNames,
  generateStoredName,
  moveIntoPlace,
  removeFiles,
  storedPath,
  variantName,
} from '#app/models/asset/storage.ts';

export type Asset = Prisma.AssetModel;
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
): Promise<Asset[]> {
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
    const stored: Asset[] = [];
    for (const item of ready) stored.push(await store(item, uploader, dirs));
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
export async function listAssets(viewer: Viewer, options: { query?: string; page?: number; perPage: number }) {
  const query = options.query?.trim().slice(0, 100) ?? '';
  const where: Prisma.AssetWhereInput = {
    ...visibleTo(viewer),
    ...(query ? { originalName: { contains: query } } : {}),
  };
  const page = options.page ?? 1;
  const [assets, total] = await Promise.all([
    db.asset.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (page - 1) * options.perPage,
      take: options.perPage,
      include: { uploader: { select: { displayName: true } } },
    }),
    db.asset.count({ where }),
  ]);
  return { assets, total, query };
}

/** An asset the viewer may manage; another author's asset is "not found". */
export async function findAssetFor(viewer: Viewer, id: number): Promise<Asset> {
  const asset = await db.asset.findFirst({ where: { id, ...visibleTo(viewer) } });
  if (!asset) throw new NotFoundError('That upload');
  return asset;
}

/** For public serving: the row behind a stored name, if any. */
export function findAssetByStoredName(storedName: string): Promise<Asset | null> {
  return db.asset.findUnique({ where: { storedName } });
}

/** Articles (visible to the viewer) whose text mentions the asset, to warn before deleting it. */
export function articlesUsing(asset: Asset, viewer: Viewer) {
  const mine = viewer.role === 'admin' ? {} : { authorId: viewer.id };
  const stem = asset.storedName.replace(/\.\w+$/, ''); // matches the variants' URLs too
  return db.article.findMany({
    where: { ...mine, OR: [{ bodySource: { contains: stem } }, { excerpt: { contains: stem } }] },
    select: { id: true, title: true },
    orderBy: { updatedAt: 'desc' },
    take: 20,
  });
}

/** Removes the row, then the original and its variants. */
export async function deleteAsset(asset: Asset, dirs: UploadDirs): Promise<void> {
  await db.asset.delete({ where: { id: asset.id } });
  await removeFiles(allNames(asset.storedName).map((name) => storedPath(dirs, name)));
  await announce({ type: 'asset', id: asset.id });
}

/** The client's name made harmless as data: no path, no control characters, bounded length. */
export function cleanOriginalName(name: string): string {
   
  const base = name
    .split(/[/\\]/)
    .pop()!
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim();
  return base.slice(0, 200) || 'upload';
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

async function store({ file, type, image }: Ready, uploader: Pick<User, 'id'>, dirs: UploadDirs): Promise<Asset> {
  const storedName = generateStoredName(type.ext);
  // An image's stored original is its re-encoded copy; the upload itself is removed with the other leftovers.
  const moves = [
    { from: image?.original.path ?? file.path, name: storedName },
    ...(image?.variants.map((v) => ({ from: v.path, name: variantName(storedName, v.variant) })) ?? []),
  ];
  await moveIntoPlace(dirs, moves);
  let asset: Asset;
  try {
    asset = await db.asset.create({
      data: {
        storedName,
        originalName: cleanOriginalName(file.originalName),
        contentType: type.contentType,
        byteSize: image?.original.size ?? file.size,
        width: image?.width ?? null,
        height: image?.height ?? null,
        uploaderId: uploader.id,
      },
    });
  } catch (error) {
    await removeFiles(moves.map((m) => storedPath(dirs, m.name)));
    throw error;
  }
  await announce({ type: 'asset', id: asset.id });
  return asset;
}

function visibleTo(viewer: Viewer): Prisma.AssetWhereInput {
  return viewer.role === 'admin' ? {} : { uploaderId: viewer.id };
}
