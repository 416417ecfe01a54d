/**
 * What the admin types for a redirect, checked and turned into a row: the
 * old address normalized (address.ts), the new one a path on this blog or
 * an absolute http(s) URL. A path that names a record of this blog (an
 * article's permalink, /pages/about, /tag/ruby) becomes a record target, so
 * the redirect follows the record when it is renamed, like imported ones.
 */
import { db } from '#app/models/db.ts';
import { ValidationError } from '#app/models/validation.ts';
import { normalizeAddress } from '#app/models/redirect/address.ts';
import type { TargetType } from '#app/models/redirect/target.ts';

export interface RedirectInput {
  from?: string;
  to?: string;
}

export interface RedirectRow {
  fromPath: string;
  targetType: TargetType;
  targetId: number | null;
  toUrl: string;
}

/** The row for `input`; `current` is the row being edited (a blank "to" keeps its record target). */
export async function validRedirect(
  input: RedirectInput,
  baseUrl: string,
  current?: { targetType: string; targetId: number | null; toUrl: string },
): Promise<RedirectRow> {
  const errors: Record<string, string> = {};
  const fromPath = oldAddress(input.from ?? '', errors);
  const target = (input.to ?? '').trim();
  let row: Omit<RedirectRow, 'fromPath'> | null = null;
  if (!target && current && current.targetType !== 'url') row = current as Omit<RedirectRow, 'fromPath'>;
  else if (!target) errors.to = 'Give the new address: a path on this blog (/about) or a full https:// address.';
  else row = await newAddress(target, baseUrl, errors);
  if (fromPath && row && !errors.to) await refuseLoop(fromPath, row, baseUrl, errors);
  if (Object.keys(errors).length || !fromPath || !row) throw new ValidationError(errors);
  return { fromPath, targetType: row.targetType, targetId: row.targetId, toUrl: row.toUrl };
}

function oldAddress(typed: string, errors: Record<string, string>): string | null {
  const fromPath = normalizeAddress(typed);
  if (!fromPath || typed.length > 2000) {
    errors.from = 'Give the old address as a path (/2009/05/hello) or a full URL (https://old.example/?p=123).';
    return null;
  }
  if (/^\/admin(\/|\?|$)/i.test(fromPath)) {
    errors.from = 'Addresses under /admin belong to the back office and cannot be redirected.';
    return null;
  }
  if (fromPath === '/') {
    errors.from = 'The home page itself cannot be redirected; give an address with a query, such as /?p=123.';
    return null;
  }
  return fromPath;
}

async function newAddress(
  typed: string,
  baseUrl: string,
  errors: Record<string, string>,
): Promise<Omit<RedirectRow, 'fromPath'> | null> {
  const blog = new URL(baseUrl);
  let url: URL | null = null;
  try {
    if (typed.startsWith('/') && !typed.startsWith('//')) url = new URL(typed, blog);
    else if (/^https?:\/\//i.test(typed)) url = new URL(typed);
  } catch {
    url = null;
  }
  if (!url || /\s/.test(typed) || typed.length > 2000) {
    errors.to = 'Give a path on this blog (/about) or a full http:// or https:// address.';
    return null;
  }
  if (url.origin !== blog.origin) return { targetType: 'url', targetId: null, toUrl: url.href };
  const path = url.pathname + url.search + url.hash;
  const record = url.search || url.hash ? null : await recordAt(url.pathname);
  return record ?? { targetType: 'url', targetId: null, toUrl: path };
}

/** The record whose address this path is, if any: the redirect then follows it. */
async function recordAt(path: string): Promise<Omit<RedirectRow, 'fromPath'> | null> {
  if (path === '/articles.atom') return { targetType: 'feed', targetId: null, toUrl: '' };
  if (path === '/comments.atom') return { targetType: 'comments-feed', targetId: null, toUrl: '' };
  const parts = path.split('/').slice(1).map(decoded);
  if (parts.includes(null)) return null;
  const [first, second, third, fourth] = parts as string[];
  const found = (targetType: TargetType, record: { id: number } | null) =>
    record ? { targetType, targetId: record.id, toUrl: '' } : null;
  const select = { id: true } as const;
  if (parts.length === 4 && /^\d{4}$/.test(first!) && /^\d{2}$/.test(second!) && /^\d{2}$/.test(third!))
    return found(
      'article',
      await db.article.findFirst({ where: { publishedOn: `${first}-${second}-${third}`, slug: fourth }, select }),
    );
  if (parts.length !== 2) return null;
  const where = { slug: second! };
  if (first === 'pages') return found('page', await db.page.findUnique({ where, select }));
  if (first === 'section') return found('section', await db.section.findUnique({ where, select }));
  if (first === 'tag') return found('tag', await db.tag.findUnique({ where, select }));
  if (first === 'author') return found('author', await db.user.findUnique({ where: { login: second! }, select }));
  return null;
}

/** A redirect to its own address, or to one that comes straight back, would send readers round for ever. */
async function refuseLoop(
  fromPath: string,
  row: Omit<RedirectRow, 'fromPath'>,
  baseUrl: string,
  errors: Record<string, string>,
): Promise<void> {
  if (row.targetType !== 'url') return;
  const blog = new URL(baseUrl);
  const url = new URL(row.toUrl, blog);
  if (url.origin !== blog.origin) return;
  const to = normalizeAddress(url.pathname + url.search);
  if (to === fromPath) {
    errors.to = 'That is the old address itself: readers would be sent round in a loop.';
    return;
  }
  const onward = to ? await db.redirect.findUnique({ where: { fromPath: to } }) : null;
  const back = onward?.targetType === 'url' ? new URL(onward.toUrl, blog) : null;
  if (back?.origin === blog.origin && normalizeAddress(back.pathname + back.search) === fromPath)
    errors.to = `${to} already redirects back to ${fromPath}: readers would be sent round in a loop.`;
}

function decoded(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
