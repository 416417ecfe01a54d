/**
 * Typo's comments and trackbacks: the `feedback` table (5.x on), or rows of
 * `contents` (4.x). Their state says ham or spam; older rows only a
 * published flag. Comment text was written in a filter (Markdown by
 * default) and becomes HTML here; Folio's comment sanitizer has the last word.
 */
import type { ImportedComment } from '#app/importers/records.ts';
import type { SourceItem } from '#app/importers/source.ts';
import type { OldDatabase, Row } from '#app/importers/sources/old-database/types.ts';
import { text, integer, flag, wallClock, utcInstant } from '#app/importers/sources/old-database/cells.ts';
import { escapeHtml } from '#app/importers/sources/old-database/html.ts';
import { renderArticleMarkdown } from '#app/text-filters/markdown.ts';
import { filterFor, type TypoBlog } from '#app/importers/sources/typo/blog.ts';
import { textileToHtml } from '#app/importers/sources/old-database/textile.ts';

export async function* typoFeedback(
  db: OldDatabase,
  articleIds: ReadonlySet<number>,
  blog: TypoBlog,
): AsyncGenerator<SourceItem> {
  const table = db.has('feedback') ? 'feedback' : 'contents';
  for await (const row of db.each(table)) {
    const type = text(row, 'type');
    if (type !== 'Comment' && type !== 'Trackback') continue;
    const id = integer(row, 'id') ?? 0;
    const articleId = integer(row, 'article_id');
    const key = `${type === 'Comment' ? 'comment' : 'trackback'}:${id}`;
    if (articleId === undefined || !articleIds.has(articleId)) {
      yield {
        kind: 'skipped',
        key,
        what: type.toLowerCase(),
        title: text(row, 'author') || text(row, 'blog_name'),
        reason: `its article (${articleId ?? 'none'}) is not in the database`,
      };
      continue;
    }
    yield type === 'Comment' ? await comment(row, key, articleId, blog) : trackback(row, key, articleId);
  }
}

async function comment(row: Row, key: string, articleId: number, blog: TypoBlog): Promise<ImportedComment> {
  const filter = filterFor(row, blog);
  const body = text(row, 'body');
  let html: string;
  if (filter.markup === 'markdown') html = renderArticleMarkdown(body);
  else if (filter.markup === 'textile') html = (await textileToHtml(body)).html;
  else html = body.includes('<') ? body : `<p>${escapeHtml(body).replace(/\r?\n/g, '<br>')}</p>`;
  return {
    ...common(row, key, articleId),
    commentKind: 'comment',
    authorName: text(row, 'author') || 'Anonymous',
    email: text(row, 'email'),
    url: text(row, 'url'),
    html,
  };
}

function trackback(row: Row, key: string, articleId: number): ImportedComment {
  const title = text(row, 'title');
  const excerpt = text(row, 'excerpt') || text(row, 'body');
  return {
    ...common(row, key, articleId),
    commentKind: 'trackback',
    authorName: text(row, 'blog_name') || text(row, 'author') || text(row, 'url'),
    email: '',
    url: text(row, 'url'),
    html: `${title ? `<p><strong>${escapeHtml(title)}</strong></p>\n` : ''}<p>${escapeHtml(excerpt)}</p>`,
  };
}

function common(row: Row, key: string, articleId: number) {
  const created = wallClock(row, 'created_at') ?? wallClock(row, 'published_at');
  return {
    kind: 'comment' as const,
    key,
    articleKey: `article:${articleId}`,
    status: feedbackStatus(row),
    createdAt: created ? utcInstant(created) : new Date(0),
    ip: text(row, 'ip') || undefined,
  };
}

/** ham and presumed ham are approved, spam and presumed spam are spam, the rest waits for moderation. */
function feedbackStatus(row: Row): ImportedComment['status'] {
  const state = text(row, 'state')
    .replace(/^ContentState::/, '')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
  if (state === 'ham' || state === 'presumed_ham' || state === 'just_marked_as_ham' || state === 'published')
    return 'approved';
  if (state === 'spam' || state === 'presumed_spam' || state === 'just_marked_as_spam') return 'spam';
  if (state) return 'pending';
  return flag(row, 'published') ? 'approved' : 'pending';
}
