/** Shared by the Micropub request tests: tokens made through the model, a real PNG, a post's article. */
import sharp from 'sharp';
import { createAppPassword, issueClientToken } from '#app/models/app-password.ts';
import { db, type User } from '#app/models/db.ts';

/** An application password made as in the admin: every scope. */
export async function tokenFor(user: User): Promise<string> {
  return (await createAppPassword(user.id, 'Micropub test')).secret;
}

/** An IndieAuth token with just these scopes. */
export async function scopedToken(user: User, scope: string): Promise<string> {
  return (await issueClientToken(user.id, 'https://client.example/', scope)).secret;
}

export function pngBytes(width = 40, height = 30): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } })
    .png()
    .toBuffer();
}

/** The article a Location names: a permalink or a draft's admin address. */
export async function articleAtLocation(location: string) {
  const draft = /\/admin\/articles\/(\d+)\/edit$/.exec(location);
  if (draft)
    return db.article.findUniqueOrThrow({
      where: { id: Number(draft[1]) },
      include: { taggings: { include: { tag: true } } },
    });
  const [, y, m, d, slug] = /\/(\d{4})\/(\d{2})\/(\d{2})\/([^/]+)$/.exec(location)!;
  return db.article.findFirstOrThrow({
    where: { publishedOn: `${y}-${m}-${d}`, slug: decodeURIComponent(slug!) },
    include: { taggings: { include: { tag: true } } },
  });
}

export const tagsOf = (article: { taggings: { tag: { name: string } }[] }) =>
  article.taggings.map((t) => t.tag.name).sort();

export interface MicropubErrorBody {
  error: string;
  error_description: string;
  scope?: string;
}

/** A response's body read as the spec's error object. */
export const errorOf = (res: { body: unknown }) => res.body as MicropubErrorBody;
