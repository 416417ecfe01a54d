/**
 * Old addresses become Redirect rows (answered by app/models/redirect/ and
 * its middleware): one per address, upserted by its normalized path. A
 * redirect the author made by hand is never overwritten; the clash is noted.
 */
import type { ImportedRedirect } from '#app/importers/records.ts';
import { normalizeAddress } from '#app/models/redirect/address.ts';
import { count } from '#app/importers/report.ts';
import { note, skip, type WriterContext } from '#app/importers/writer/context.ts';

export type RedirectTarget =
  | { targetType: 'article' | 'page' | 'section' | 'tag' | 'author'; targetId: number }
  | { targetType: 'feed' | 'comments-feed' }
  | { targetType: 'url'; toUrl: string };

type Outcome = 'created' | 'updated' | 'unchanged' | 'refused';

/**
 * A record's oldAddresses, each answering 301 to `target`. A WordPress post
 * brings a dozen (every permalink structure it may have had), so they are
 * looked up in one query and the new ones inserted in one.
 */
export async function addRedirects(
  context: WriterContext,
  record: { key: string; oldAddresses?: string[] },
  target: RedirectTarget,
): Promise<void> {
  const fromPaths = new Set<string>();
  for (const address of record.oldAddresses ?? []) {
    const fromPath = answerable(context, record.key, address);
    if (fromPath) fromPaths.add(fromPath);
  }
  if (fromPaths.size === 0) return;
  const data = rowData(context, target);
  const existing = await context.tx.redirect.findMany({ where: { fromPath: { in: [...fromPaths] } } });
  for (const row of existing) {
    fromPaths.delete(row.fromPath);
    await settle(context, record.key, row, data);
  }
  if (fromPaths.size === 0) return;
  await context.tx.redirect.createMany({ data: [...fromPaths].map((fromPath) => ({ fromPath, ...data })) });
  context.report.redirects += fromPaths.size;
}

/** One old address → target; returns what happened to its row. */
export async function addRedirect(
  context: WriterContext,
  key: string,
  address: string,
  target: RedirectTarget,
): Promise<Outcome> {
  const fromPath = answerable(context, key, address);
  if (!fromPath) return 'refused';
  const data = rowData(context, target);
  const existing = await context.tx.redirect.findUnique({ where: { fromPath } });
  if (existing) return settle(context, key, existing, data);
  context.report.redirects += 1;
  await context.tx.redirect.create({ data: { fromPath, ...data } });
  return 'created';
}

type RowData = { targetType: string; targetId: number | null; toUrl: string; origin: string };

function rowData(context: WriterContext, target: RedirectTarget): RowData {
  return {
    targetType: target.targetType,
    targetId: 'targetId' in target ? target.targetId : null,
    toUrl: 'toUrl' in target ? target.toUrl : '',
    origin: context.source,
  };
}

/** The address as a redirect's fromPath, or null (noted) when no redirect can answer it. */
function answerable(context: WriterContext, key: string, address: string): string | null {
  const fromPath = normalizeAddress(address);
  if (fromPath && fromPath !== '/') return fromPath;
  note(context, { key, what: 'redirect', title: address, message: 'not an address a redirect can answer' });
  return null;
}

/** An address that already has a redirect: a hand-made one is kept; another is pointed at `data`. */
async function settle(
  context: WriterContext,
  key: string,
  existing: RowData & { id: number; fromPath: string },
  data: RowData,
): Promise<Outcome> {
  if (existing.origin === 'manual') {
    note(context, {
      key,
      what: 'redirect',
      title: existing.fromPath,
      message: 'kept the redirect made by hand for this address',
    });
    return 'refused';
  }
  context.report.redirects += 1;
  const same =
    existing.targetType === data.targetType &&
    existing.targetId === data.targetId &&
    existing.toUrl === data.toUrl &&
    existing.origin === data.origin;
  if (same) return 'unchanged';
  if (existing.origin !== data.origin)
    note(context, {
      key,
      what: 'redirect',
      title: existing.fromPath,
      message: `replaces the redirect ${existing.origin} made`,
    });
  await context.tx.redirect.update({ where: { id: existing.id }, data });
  return 'updated';
}

/** The source's own redirect records, once every record they may point at is written. */
export async function writeRedirectRecords(context: WriterContext): Promise<void> {
  for (const redirect of context.redirects) {
    const target = resolve(context, redirect);
    if (!target) {
      count(context.report, 'redirect', 'skipped');
      skip(context, {
        key: redirect.key,
        what: 'redirect',
        title: redirect.from,
        message: 'what it pointed at was not imported',
      });
      continue;
    }
    const outcome = await addRedirect(context, redirect.key, redirect.from, target);
    count(context.report, 'redirect', outcome === 'refused' ? 'skipped' : outcome);
  }
}

function resolve(context: WriterContext, redirect: ImportedRedirect): RedirectTarget | null {
  const to = redirect.to;
  switch (to.type) {
    case 'url':
      return { targetType: 'url', toUrl: to.url };
    case 'feed':
    case 'comments-feed':
      return { targetType: to.type };
    case 'article': {
      const id = context.articles.get(to.key);
      return id === undefined ? null : { targetType: 'article', targetId: id };
    }
    case 'page': {
      const id = context.pages.get(to.key);
      return id === undefined ? null : { targetType: 'page', targetId: id };
    }
    case 'author': {
      const id = context.authors.get(to.key);
      return id === undefined ? null : { targetType: 'author', targetId: id };
    }
    case 'term': {
      const term = context.terms.get(to.key);
      return term ? { targetType: term.type, targetId: term.id } : null;
    }
  }
}
