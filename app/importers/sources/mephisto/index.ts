/**
 * Mephisto's database (0.7 and 0.8: articles and comments in `contents`,
 * sections, tags by taggings, uploads in assets), from its SQLite file or a
 * MySQL dump. Mephisto kept times in UTC and built permalinks from the UTC
 * date, without zero padding (/2008/3/4/slug). An article whose sections
 * are all paged ones ("show_paged_articles") was a page, and becomes one.
 */
import type { ImportedArticle, ImportedComment, ImportedPage, ImportedStatus } from '#app/importers/records.ts';
import { ImportInputError, type ImportOptions, type ImportSource, type SourceItem } from '#app/importers/source.ts';
import { oldDatabaseSource } from '#app/importers/sources/old-database/index.ts';
import type { OldDatabase, Row } from '#app/importers/sources/old-database/types.ts';
import { text, integer, flag, wallClock, utcInstant, pad } from '#app/importers/sources/old-database/cells.ts';
import { escapeHtml } from '#app/importers/sources/old-database/html.ts';
import {
  readMephistoSite,
  readMephistoSections,
  type MephistoSite,
  type MephistoSections,
} from '#app/importers/sources/mephisto/site.ts';
import { mephistoBody } from '#app/importers/sources/mephisto/body.ts';
import { mephistoTags, mephistoAssets, mephistoFeeds } from '#app/importers/sources/mephisto/extras.ts';

export function openMephisto(path: string, options: ImportOptions): ImportSource {
  void options; // pings and author mapping are the writer's
  return oldDatabaseSource(path, 'Mephisto', readMephisto);
}

interface Context {
  site: MephistoSite;
  sections: MephistoSections;
  tagKeys: (articleId: number) => string[];
  logins: Map<number, string>;
  now: Date;
}

async function* readMephisto(db: OldDatabase): AsyncGenerator<SourceItem> {
  checkMephistoSchema(db);
  const site = await readMephistoSite(db);
  yield { kind: 'source', identity: `mephisto:${site.link || db.fileName}`, title: site.title, link: site.link };
  if (site.siteCount > 1) {
    yield {
      kind: 'note',
      message: `the database holds ${site.siteCount} sites: the first one (${site.link || site.title}) is imported; import the others' feeds`,
    };
  }

  const logins = new Map<number, string>();
  for (const user of await db.all('users')) {
    const login = text(user, 'login') || `user-${integer(user, 'id')}`;
    logins.set(integer(user, 'id') ?? 0, login);
    yield { kind: 'author', key: `user:${login}`, login, displayName: login, email: text(user, 'email') };
  }
  const sections = await readMephistoSections(db, site.id);
  yield* sections.terms;
  const tags = await mephistoTags(db, site);
  yield* tags.terms;
  const assets = await db.all('assets');

  const context: Context = { site, sections, tagKeys: tags.keysFor, logins, now: new Date() };
  const articleIds = new Set<number>();
  for await (const row of db.each('contents')) {
    if (text(row, 'type') !== 'Article' || (integer(row, 'site_id') ?? site.id) !== site.id) continue;
    const id = integer(row, 'id') ?? 0;
    articleIds.add(id);
    const placed = sections.of(id);
    yield placed.length > 0 && placed.every(({ section }) => section.paged)
      ? await page(row, context)
      : await article(row, context);
  }
  for await (const row of db.each('contents')) {
    if (text(row, 'type') !== 'Comment') continue;
    const item = comment(row, articleIds);
    if (item) yield item;
  }
  yield* mephistoAssets(assets, site);
  yield* mephistoFeeds(sections.terms);
}

function checkMephistoSchema(db: OldDatabase): void {
  const contents = db.tables.get('contents');
  if (db.has('blogs') && db.has('text_filters')) {
    throw new ImportInputError('this is a Typo database, not a Mephisto one: import it with the typo format');
  }
  if (!contents || !contents.includes('article_id') || !db.has('sites') || !db.has('sections')) {
    throw new ImportInputError(
      `this is not a Mephisto database: it has no contents, sites and sections tables (found: ${[...db.tables.keys()].slice(0, 12).join(', ') || 'no tables'})`,
    );
  }
}

function status(published: Date | undefined, now: Date): ImportedStatus {
  if (!published) return 'draft';
  return published > now ? 'scheduled' : 'published';
}

async function article(row: Row, context: Context): Promise<ImportedArticle> {
  const id = integer(row, 'id') ?? 0;
  const filter = text(row, 'filter');
  const converted = await mephistoBody({ source: text(row, 'body'), html: text(row, 'body_html'), filter });
  const excerptSource = text(row, 'excerpt');
  const excerpt = excerptSource.trim()
    ? (await mephistoBody({ source: excerptSource, html: text(row, 'excerpt_html'), filter })).body
    : undefined;
  const clock = wallClock(row, 'published_at');
  const publishedAt = clock && utcInstant(clock);
  const permalink = text(row, 'permalink') || `article-${id}`;
  const oldAddresses: string[] = [];
  if (clock) {
    const values: Record<string, string> = {
      year: String(clock.year),
      month: String(clock.month),
      day: String(clock.day),
      permalink,
      id: String(id),
    };
    const styled = `/${context.site.permalinkStyle.replace(/:([a-z]+)/g, (whole, name: string) => values[name] ?? whole)}`;
    oldAddresses.push(styled);
    const standard = `/${clock.year}/${clock.month}/${clock.day}/${permalink}`;
    if (standard !== styled) oldAddresses.push(standard);
  }
  const created = wallClock(row, 'created_at');
  const updated = wallClock(row, 'updated_at');
  const login = context.logins.get(integer(row, 'user_id') ?? -1);
  const sectionKeys = context.sections
    .of(id)
    .map(({ section }) => section.term?.key)
    .filter((key): key is string => key !== undefined);
  const termKeys = [...sectionKeys, ...context.tagKeys(id)];
  return {
    kind: 'article',
    key: `article:${id}`,
    title: text(row, 'title') || `Untitled (${id})`,
    slug: permalink,
    body: converted.body,
    excerpt,
    status: status(publishedAt, context.now),
    publishedAt,
    publishedOn: clock ? `${clock.year}-${pad(clock.month)}-${pad(clock.day)}` : undefined,
    createdAt: created && utcInstant(created),
    updatedAt: updated && utcInstant(updated),
    authorKey: login ? `user:${login}` : undefined,
    termKeys: termKeys.length ? termKeys : undefined,
    // comment_age: -1 closed comments, 0 kept them open, N closed them N days after publication.
    allowComments: (integer(row, 'comment_age') ?? 0) > -1,
    oldAddresses,
    notes: converted.notes.length ? converted.notes : undefined,
  };
}

async function page(row: Row, context: Context): Promise<ImportedPage> {
  const id = integer(row, 'id') ?? 0;
  const converted = await mephistoBody({
    source: text(row, 'body'),
    html: text(row, 'body_html'),
    filter: text(row, 'filter'),
  });
  const permalink = text(row, 'permalink') || `page-${id}`;
  const oldAddresses: string[] = [];
  for (const { section } of context.sections.of(id)) {
    const base = section.path ? `/${section.path}` : '';
    oldAddresses.push(`${base}/${permalink}`);
    if (section.path && context.sections.isFirstIn(id, section.id)) oldAddresses.push(base);
  }
  const clock = wallClock(row, 'published_at');
  const created = wallClock(row, 'created_at');
  const updated = wallClock(row, 'updated_at');
  return {
    kind: 'page',
    key: `page:${id}`,
    title: text(row, 'title') || permalink,
    slug: permalink,
    body: converted.body,
    status: status(clock && utcInstant(clock), context.now),
    createdAt: created && utcInstant(created),
    updatedAt: updated && utcInstant(updated),
    oldAddresses,
    notes: converted.notes.length ? converted.notes : undefined,
  };
}

function comment(row: Row, articleIds: ReadonlySet<number>): SourceItem | null {
  const id = integer(row, 'id') ?? 0;
  const articleId = integer(row, 'article_id');
  if (articleId === undefined || !articleIds.has(articleId)) {
    return {
      kind: 'skipped',
      key: `comment:${id}`,
      what: 'comment',
      title: text(row, 'author'),
      reason: `its article (${articleId ?? 'none'}) is not in the database, or is a page`,
    };
  }
  const created = wallClock(row, 'created_at') ?? wallClock(row, 'published_at');
  const source = text(row, 'body');
  const result: ImportedComment = {
    kind: 'comment',
    key: `comment:${id}`,
    articleKey: `article:${articleId}`,
    commentKind: 'comment',
    authorName: text(row, 'author') || 'Anonymous',
    email: text(row, 'author_email'),
    url: text(row, 'author_url'),
    html: text(row, 'body_html') || `<p>${escapeHtml(source).replace(/\r?\n/g, '<br>')}</p>`,
    // Mephisto had one flag: an unapproved comment waited for moderation (or was Akismet's spam).
    status: flag(row, 'approved') ? 'approved' : 'pending',
    createdAt: created ? utcInstant(created) : new Date(0),
    ip: text(row, 'author_ip') || undefined,
    userAgent: text(row, 'user_agent') || undefined,
  };
  return result;
}
