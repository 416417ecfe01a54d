/**
 * Redirects: old addresses (an imported blog's, or any the author adds)
 * answered with a 301 to where the content lives now. Imported rows name a
 * record (origin: the import source); the admin's name a path or a URL, or
 * a record when the path they type is one (redirect/input.ts).
 */
import type { Logger } from 'pino';
import { database, db, type Prisma, type Redirect } from '#app/models/db.ts';
import { announce } from '#app/models/changes.ts';
import { ValidationError, rejectDuplicate } from '#app/models/validation.ts';
import { cachedFor } from '#app/models/process-cache.ts';
import { normalizeAddress } from '#app/models/redirect/address.ts';
import { currentTargets } from '#app/models/redirect/target.ts';
import { validRedirect, type RedirectInput } from '#app/models/redirect/input.ts';

export type { Redirect };
export type { RedirectInput };
export { normalizeAddress };

export const redirectsPerPage = 50;

export interface RedirectFilter {
  /** "manual", or an import source. */
  origin?: string;
  /** Part of the old address or of a fixed target. */
  text?: string;
}

export interface ListedRedirect extends Redirect {
  /** Where it sends readers now (a path on this blog or a URL), or null: nowhere, it answers 404. */
  target: string | null;
}

/** One page of redirects, newest first, each with its current target; the origins there are, for the filter. */
export async function listRedirects(filter: RedirectFilter, page: number, now = new Date()) {
  const where: Prisma.RedirectWhereInput = {
    ...(filter.origin ? { origin: filter.origin } : {}),
    ...(filter.text ? { OR: [{ fromPath: { contains: filter.text } }, { toUrl: { contains: filter.text } }] } : {}),
  };
  const [rows, total, origins] = await Promise.all([
    db.redirect.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (page - 1) * redirectsPerPage,
      take: redirectsPerPage,
    }),
    db.redirect.count({ where }),
    db.redirect.findMany({ distinct: ['origin'], select: { origin: true }, orderBy: { origin: 'asc' } }),
  ]);
  const targets = await currentTargets(rows, now);
  const redirects: ListedRedirect[] = rows.map((r) => ({ ...r, target: targets.get(r.id) ?? null }));
  return { redirects, total, page, perPage: redirectsPerPage, origins: origins.map((o) => o.origin) };
}

export function findRedirect(id: number): Promise<Redirect | null> {
  return db.redirect.findUnique({ where: { id } });
}

/** The current target of one redirect (for the edit form). */
export async function currentTarget(redirect: Redirect, now = new Date()): Promise<string | null> {
  return (await currentTargets([redirect], now)).get(redirect.id) ?? null;
}

/** Creates (no id) or updates a redirect from the admin's form; `baseUrl` tells this blog's own URLs. */
export async function saveRedirect(input: RedirectInput, baseUrl: string, id?: number): Promise<Redirect> {
  const current = id === undefined ? undefined : await db.redirect.findUniqueOrThrow({ where: { id } });
  const data = await validRedirect(input, baseUrl, current);
  const clash = await db.redirect.findUnique({ where: { fromPath: data.fromPath } });
  const taken = {
    from: `Another redirect already answers ${data.fromPath}${clash ? ` (${describeOrigin(clash.origin)})` : ''}.`,
  };
  if (clash && clash.id !== id) throw new ValidationError(taken);
  const saved = await rejectDuplicate(
    id === undefined ? db.redirect.create({ data }) : db.redirect.update({ where: { id }, data }),
    taken,
  );
  await changed(saved.id);
  return saved;
}

export async function deleteRedirect(id: number): Promise<void> {
  await db.redirect.delete({ where: { id } });
  await changed(id);
}

/** A request's address → the redirect that answers it and where it sends readers now, or null. */
export async function lookupRedirect(
  address: string,
  now = new Date(),
): Promise<{ id: number; fromPath: string; target: string } | null> {
  const fromPath = normalizeAddress(address);
  if (!fromPath) return null;
  const redirect = await db.redirect.findUnique({ where: { fromPath } });
  if (!redirect) return null;
  const target = await currentTarget(redirect, now);
  return target === null ? null : { id: redirect.id, fromPath, target };
}

/** Counts a hit without making the reader wait, and without failing the answer when the count cannot be written. */
export function recordHit(id: number, logger: Logger, now = new Date()): void {
  db.redirect
    .updateMany({ where: { id }, data: { hits: { increment: 1 }, lastHitAt: now } })
    .catch((error: unknown) => logger.warn({ err: error, redirect: id }, 'redirect: could not count a hit'));
}

/**
 * The query parameter names any redirect's old address uses ("p", "page_id", "cat"...), lower-cased, or
 * "any" when there are very many. A request for an existing route is only looked up when its query has one
 * of them, so normal requests cost no query. Kept a few seconds per process (other workers and app hosts
 * write too); this process's own writes drop it at once.
 */
export function redirectQueryNames(): Promise<ReadonlySet<string> | 'any'> {
  return queryNames.get();
}

const queryNames = cachedFor(5000, readQueryNames);
const maxQueryNames = 100;

/**
 * One query per name found, each asking for an address whose query uses none of the names found so far. Through
 * the boundary's lookups, so an anonymous reader's request asks the replica like the rest of its page.
 */
async function readQueryNames(): Promise<ReadonlySet<string> | 'any'> {
  const names = new Set<string>();
  /** As stored (normalizeAddress encodes them), for the next question. */
  const spellings = new Set<string>();
  for (;;) {
    const fromPath = await database().lookups.redirectAddressWithQuery([...spellings]);
    if (!fromPath) return names;
    const before = spellings.size;
    for (const pair of fromPath.slice(fromPath.indexOf('?') + 1).split('&')) {
      const raw = pair.split('=')[0]!;
      spellings.add(raw);
      names.add(new URLSearchParams(`${raw}=`).keys().next().value!.toLowerCase());
    }
    // No new name (cannot happen with normalized addresses) or too many to ask about: every query is looked up.
    if (spellings.size === before || spellings.size > maxQueryNames) return 'any';
  }
}

/** For writers of many rows at once (an import): the redirects changed, tell whoever keeps a copy. */
export function redirectsChanged(): Promise<void> {
  return changed(null);
}

async function changed(id: number | null): Promise<void> {
  queryNames.forget();
  await announce({ type: 'redirect', id });
}

function describeOrigin(origin: string): string {
  return origin === 'manual' ? 'added by hand' : `imported from ${origin}`;
}
