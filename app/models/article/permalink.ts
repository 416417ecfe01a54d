/**
 * Permalink rules: the publication day (which fixes the permalink), and a
 * slug unique within that day. `toSlug` makes every slug in Folio (tags,
 * sections and pages too).
 */
import slugify from 'slugify';
import type { Prisma } from '#app/models/db.ts';
import { ValidationError } from '#app/models/validation.ts';

type Tx = Prisma.TransactionClient;

interface PublicationRequest {
  id?: number;
  title: string;
  slug?: string;
  state: 'draft' | 'published';
  publishedAt: Date | null;
  now: Date;
  timeZone: string;
  /** The day another engine published it on (an import): kept instead of computed. */
  publishedOn?: string;
  /** A chosen slug in use that day: refused (the editor), or given a suffix (an import; its old address redirects). */
  slugClash?: 'refuse' | 'suffix';
}

/** state, publishedAt, publishedOn and slug for an article being saved. */
export async function publicationFields(tx: Tx, request: PublicationRequest) {
  const base = toSlug(request.slug || request.title);
  if (!base) throw new ValidationError({ slug: 'The slug needs at least one letter or digit.' });
  if (request.state === 'draft') {
    return { state: 'draft', publishedAt: request.publishedAt, publishedOn: null, slug: base };
  }
  const publishedAt = request.publishedAt ?? request.now;
  const publishedOn =
    request.publishedOn ??
    (await keptPublicationDay(tx, request.id, publishedAt)) ??
    publicationDay(publishedAt, request.timeZone);
  const chosen = Boolean(request.slug) && request.slugClash !== 'suffix';
  const slug = await uniqueSlug(tx, base, publishedOn, request.id, chosen);
  return { state: 'published', publishedAt, publishedOn, slug };
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** `2024-03-07` for an instant, in the blog's time zone. */
export function publicationDay(at: Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format)
    dayFormats.set(
      timeZone,
      (format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })),
    );
  const parts = format.formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/**
 * A published article whose time does not change keeps its day, even if
 * the blog's time zone changed since: its permalink must never move.
 */
async function keptPublicationDay(tx: Tx, id: number | undefined, publishedAt: Date): Promise<string | null> {
  if (id === undefined) return null;
  const current = await tx.article.findUnique({
    where: { id },
    select: { state: true, publishedAt: true, publishedOn: true },
  });
  return current?.state === 'published' && current.publishedAt?.getTime() === publishedAt.getTime()
    ? current.publishedOn
    : null;
}

/** Lower-case ASCII words joined by hyphens; '' if nothing usable remains. */
export function toSlug(text: string): string {
  return slugify(text, { lower: true, strict: true, trim: true }).slice(0, 120).replace(/-+$/, '');
}

/**
 * A slug no other article uses on that day. A slug the author typed is kept
 * as typed, and a clash is their error to fix; one derived from the title
 * gets a numeric suffix.
 */
async function uniqueSlug(
  tx: Tx,
  base: string,
  publishedOn: string,
  id: number | undefined,
  chosen: boolean,
): Promise<string> {
  const taken = new Set(
    (
      await tx.article.findMany({
        where: { publishedOn, slug: { startsWith: base }, ...(id ? { id: { not: id } } : {}) },
        select: { slug: true },
      })
    ).map((a: { slug: string }) => a.slug),
  );
  if (!taken.has(base)) return base;
  if (chosen)
    throw new ValidationError({ slug: `Another article published on ${publishedOn} already uses the slug "${base}".` });
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
