/**
 * Typo's database (4.0 to 6.x: one `contents` table for articles and pages,
 * comments in `contents` before 5.0 and in `feedback` after), from its
 * SQLite file or a MySQL dump. Yields authors, categories and tags first,
 * then articles and pages, then comments, attachments and Typo's own
 * redirects. Typo wrote times in its server's local time without a zone:
 * they are read as UTC, and each article keeps the day its permalink showed.
 */
import type { ImportedArticle, ImportedAttachment, ImportedPage, ImportedStatus } from '#app/importers/records.ts';
import { ImportInputError, type ImportOptions, type ImportSource, type SourceItem } from '#app/importers/source.ts';
import { oldDatabaseSource } from '#app/importers/sources/old-database/index.ts';
import type { OldDatabase, Row } from '#app/importers/sources/old-database/types.ts';
import { text, integer, flag, wallClock, utcInstant, pad } from '#app/importers/sources/old-database/cells.ts';
import { readTypoBlog, filterFor, convertBody, type TypoBlog } from '#app/importers/sources/typo/blog.ts';
import { typoFeedback } from '#app/importers/sources/typo/feedback.ts';
import { typoTerms, type TypoTerms } from '#app/importers/sources/typo/terms.ts';

export function openTypo(path: string, options: ImportOptions): ImportSource {
  void options; // pings and author mapping are the writer's
  return oldDatabaseSource(path, 'Typo', readTypo);
}

async function* readTypo(db: OldDatabase): AsyncGenerator<SourceItem> {
  checkTypoSchema(db);
  const blog = await readTypoBlog(db);
  yield {
    kind: 'source',
    identity: `typo:${blog.baseUrl || db.fileName}`,
    title: blog.title,
    link: blog.baseUrl,
  };
  yield {
    kind: 'note',
    message:
      "Typo kept times in its server's local time without a zone: they are read as UTC, and permalinks keep their day",
  };

  const users = await db.all('users');
  const logins = new Map<string, string>();
  for (const user of users) {
    const login = text(user, 'login') || `user-${integer(user, 'id')}`;
    logins.set(String(integer(user, 'id')), login);
    yield {
      kind: 'author',
      key: `user:${login}`,
      login,
      displayName:
        text(user, 'name') ||
        text(user, 'nickname') ||
        [text(user, 'firstname'), text(user, 'lastname')].join(' ').trim() ||
        login,
      email: text(user, 'email'),
    };
  }

  const terms = await typoTerms(db);
  yield* terms.records;

  const articleIds = new Set<number>();
  const resources = await db.all('resources');
  for await (const row of db.each('contents')) {
    const type = text(row, 'type');
    const id = integer(row, 'id') ?? 0;
    if (type === 'Article') {
      const parent = integer(row, 'parent_id');
      if (parent) {
        yield {
          kind: 'skipped',
          key: `article:${id}`,
          what: 'article draft',
          title: text(row, 'title'),
          reason: `an unsaved draft of article ${parent}; the article itself is imported`,
        };
        continue;
      }
      articleIds.add(id);
      yield await article(row, blog, terms, logins);
    } else if (type === 'Page') {
      yield await page(row, blog);
    } else if (type === 'Comment' || type === 'Trackback') {
      continue; // Typo before 5.0: read with the feedback below
    } else {
      yield {
        kind: 'skipped',
        key: `content:${id}`,
        what: type || 'content',
        title: text(row, 'title'),
        reason: `Typo content of type "${type}" has no place in Folio`,
      };
    }
  }

  yield* typoFeedback(db, articleIds, blog);
  yield* attachments(resources, blog);
  yield* redirects(await db.all('redirects'));
}

function checkTypoSchema(db: OldDatabase): void {
  if (db.has('sites') && db.has('sections') && db.has('assigned_sections')) {
    throw new ImportInputError('this is a Mephisto database, not a Typo one: import it with the mephisto format');
  }
  const contents = db.tables.get('contents');
  if (!contents && db.has('articles') && db.has('comments')) {
    throw new ImportInputError(
      "this is a Typo database from before 4.0 (separate articles and comments tables): run Typo 4's migrations on it first, or import the blog's RSS feed",
    );
  }
  if (!contents || !contents.includes('type') || !db.has('users') || !(db.has('text_filters') || db.has('blogs'))) {
    throw new ImportInputError(
      `this is not a Typo database: it has no contents, users and text_filters tables (found: ${[...db.tables.keys()].slice(0, 12).join(', ') || 'no tables'})`,
    );
  }
}

async function article(
  row: Row,
  blog: TypoBlog,
  terms: TypoTerms,
  logins: Map<string, string>,
): Promise<ImportedArticle> {
  const id = integer(row, 'id') ?? 0;
  const filter = filterFor(row, blog);
  const body = text(row, 'body');
  const extended = text(row, 'extended');
  const converted = await convertBody(extended.trim() ? `${body}\n\n${extended}` : body, filter);
  const excerptSource = text(row, 'excerpt') || (extended.trim() ? body : '');
  const excerpt = excerptSource.trim() ? (await convertBody(excerptSource, filter)).body : undefined;
  const published =
    wallClock(row, 'published_at') ?? (flag(row, 'published') ? wallClock(row, 'created_at') : undefined);
  const status = articleStatus(row);
  const permalink = text(row, 'permalink') || `article-${id}`;
  const notes = [...converted.notes];
  if (/withdrawn/.test(text(row, 'state'))) notes.push('withdrawn on Typo: imported as a draft');
  const login = logins.get(String(integer(row, 'user_id'))) ?? (text(row, 'author') || undefined);
  const oldAddresses = [`/articles/read/${id}`];
  if (published) {
    const date = { year: String(published.year), month: pad(published.month), day: pad(published.day) };
    oldAddresses.push(`/${date.year}/${date.month}/${date.day}/${permalink}`);
    const formatted = blog.permalinkFormat
      .replace('%year%', date.year)
      .replace('%month%', date.month)
      .replace('%day%', date.day)
      .replace('%title%', permalink);
    if (!oldAddresses.includes(formatted) && !formatted.startsWith('/articles/'))
      oldAddresses.push(formatted.startsWith('/') ? formatted : `/${formatted}`);
  }
  const created = wallClock(row, 'created_at');
  const updated = wallClock(row, 'updated_at');
  return {
    kind: 'article',
    key: `article:${id}`,
    title: text(row, 'title') || `Untitled (${id})`,
    slug: permalink,
    body: converted.body,
    excerpt,
    status,
    publishedAt: published && status !== 'draft' ? utcInstant(published) : undefined,
    publishedOn: published ? `${published.year}-${pad(published.month)}-${pad(published.day)}` : undefined,
    createdAt: created && utcInstant(created),
    updatedAt: updated && utcInstant(updated),
    authorKey: login ? `user:${login}` : undefined,
    termKeys: terms.keysFor(id),
    allowComments: flag(row, 'allow_comments') ?? true,
    oldAddresses,
    notes: notes.length ? notes : undefined,
  };
}

/** Typo's state (4.x: "ContentState::Published"; 5.x: "published"), else its published flag. */
function articleStatus(row: Row): ImportedStatus {
  const state = text(row, 'state')
    .replace(/^ContentState::/, '')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
  if (state === 'publication_pending') return 'scheduled';
  if (state === 'draft' || state === 'withdrawn' || state === 'just_withdrawn') return 'draft';
  if (state) return 'published';
  return flag(row, 'published') ? 'published' : 'draft';
}

async function page(row: Row, blog: TypoBlog): Promise<ImportedPage> {
  const id = integer(row, 'id') ?? 0;
  const converted = await convertBody(text(row, 'body'), filterFor(row, blog));
  const name = text(row, 'name') || text(row, 'permalink') || `page-${id}`;
  const created = wallClock(row, 'created_at');
  const updated = wallClock(row, 'updated_at');
  return {
    kind: 'page',
    key: `page:${id}`,
    title: text(row, 'title') || name,
    slug: name,
    body: converted.body,
    status: flag(row, 'published') === false ? 'draft' : 'published',
    createdAt: created && utcInstant(created),
    updatedAt: updated && utcInstant(updated),
    oldAddresses: [`/pages/${name}`],
    notes: converted.notes.length ? converted.notes : undefined,
  };
}

/** Typo's uploads (resources): served from /files/NAME, looked up under --uploads-dir (a copy of public/files). */
function* attachments(resources: Row[], blog: TypoBlog): Generator<ImportedAttachment> {
  for (const row of resources) {
    const name = text(row, 'filename') || text(row, 'upload');
    if (!name) continue;
    const created = wallClock(row, 'created_at');
    yield {
      kind: 'attachment',
      key: `resource:${integer(row, 'id')}`,
      url: `${blog.baseUrl}/files/${name}`,
      relativePath: name,
      title: name,
      createdAt: created && utcInstant(created),
    };
  }
}

/** Typo's redirects table: its own old-address list (from_path without a leading slash in 4.x). */
function* redirects(rows: Row[]): Generator<SourceItem> {
  for (const row of rows) {
    const from = text(row, 'from_path').trim();
    const to = text(row, 'to_path').trim();
    if (!from || !to) continue;
    yield {
      kind: 'redirect',
      key: `redirect:${integer(row, 'id')}`,
      from: from.startsWith('/') || /^https?:/.test(from) ? from : `/${from}`,
      to: { type: 'url', url: /^https?:|^\//.test(to) ? to : `/${to}` },
    };
  }
}
