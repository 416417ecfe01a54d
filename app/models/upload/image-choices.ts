/**
 * The images a form offers as a choice (an article's cover, the link
 * previews' default image) when the picker's script does not run: the
 * newest ones the viewer may manage, and the current choice whatever its age.
 */
import { db, type User } from '#app/models/db.ts';
import { visibleTo } from '#app/models/upload.ts';
import { uploadUrl } from '#app/models/upload/links.ts';
import { allowedTypes } from '#config/uploads.ts';

export interface ImageChoice {
  id: number;
  originalName: string;
  thumbUrl: string;
}

const offered = 100;
const imageTypes = Object.values(allowedTypes)
  .filter((t) => t.kind === 'image')
  .map((t) => t.contentType);

export async function imageChoices(viewer: Pick<User, 'id' | 'role'>, selected: number | null): Promise<ImageChoice[]> {
  const select = { id: true, originalName: true, storedName: true } as const;
  const [newest, current] = await Promise.all([
    db.asset.findMany({
      where: { ...visibleTo(viewer), contentType: { in: imageTypes } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: offered,
      select,
    }),
    selected === null
      ? null
      : db.asset.findFirst({ where: { id: selected, contentType: { in: imageTypes } }, select }),
  ]);
  const all = current && !newest.some((a) => a.id === current.id) ? [current, ...newest] : newest;
  return all.map((a) => ({ id: a.id, originalName: a.originalName, thumbUrl: uploadUrl(a, 'thumb') }));
}
