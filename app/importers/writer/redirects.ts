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

/** A record's oldAddresses, each answering 301 to `target`. */
export async function addRedirects(
  context: WriterContext,
  record: { key: string; oldAddresses?: string[] },
  target: RedirectTarget,
): Promise<void> {
  for (const address of record.oldAddresses ?? []) await addRedirect(context, record.key, address, target);
}

/** One old address → target; returns what happened to its row. */
export async function addRedirect(
  context: WriterContext,
  key: string,
  address: string,
  target: RedirectTarget,
): Promise<Outcome> {
  const { tx } = context;
  const fromPath = normalizeAddress(address);
  if (!fromPath || fromPath === '/') {
    note(context, { key, what: 'redirect', title: address, message: 'not an address a redirect can answer' });
    return 'refused';
  }
  const data = {
    targetType: target.targetType,
    targetId: 'targetId' in target ? target.targetId : null,
    toUrl: 'toUrl' in target ? target.toUrl : '',
    origin: context.source,
  };
  const existing = await tx.redirect.findUnique({ where: { fromPath } });
  if (existing?.origin === 'manual') {
    note(context, {
      key,
      what: 'redirect',
      title: fromPath,
      message: 'kept the redirect made by hand for this address',
    });
    return 'refused';
  }
  context.report.redirects += 1;
  if (!existing) {
    await tx.redirect.create({ data: { fromPath, ...data } });
    return 'created';
  }
  const same =
    existing.targetType === data.targetType &&
    existing.targetId === data.targetId &&
    existing.toUrl === data.toUrl &&
    existing.origin === data.origin;
  if (same) return 'unchanged';
  if (existing.origin !== data.origin)
    note(context, { key, what: 'redirect', title: fromPath, message: `replaces the redirect ${existing.origin} made` });
  await tx.redirect.update({ where: { id: existing.id }, data });
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
