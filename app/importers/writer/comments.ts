/**
 * Comments, pingbacks and trackbacks, with their status, dates and origin.
 * Old engines stored HTML: it goes through Folio's comment sanitizer
 * (paragraphs kept), and a reply gets an "In reply to NAME" line, since
 * Folio keeps threads as order. A Folio archive's comment keeps its id when free.
 */
import type { ImportedComment } from '#app/importers/records.ts';
import { sanitizeCommentHtml } from '#app/text-filters/sanitize.ts';
import { commentStatuses } from '#app/models/comment.ts';
import { count } from '#app/importers/report.ts';
import { digestOf, writeOnce } from '#app/importers/writer/identity.ts';
import { skip, type WriterContext } from '#app/importers/writer/context.ts';
import { addRedirects } from '#app/importers/writer/redirects.ts';

export async function writeComment(context: WriterContext, record: ImportedComment): Promise<void> {
  const { tx } = context;
  const authorName = record.authorName.replace(/\s+/g, ' ').trim().slice(0, 100) || 'Anonymous';
  const title = `${record.commentKind} by ${authorName}`;
  const refuse = (message: string) => {
    count(context.report, 'comment', 'skipped');
    skip(context, { key: record.key, what: record.commentKind, title, message });
  };
  if (record.commentKind !== 'comment' && context.options.pings === 'drop')
    return refuse(`${record.commentKind}s are dropped (--pings drop)`);
  const articleId = context.articles.get(record.articleKey);
  if (articleId === undefined)
    return refuse(
      context.pages.has(record.articleKey)
        ? 'it was on a page, and Folio pages take no comments'
        : 'its article was not imported',
    );
  const parent = record.parentKey ? context.comments.get(record.parentKey) : undefined;
  const data = {
    articleId,
    kind: record.commentKind,
    authorName,
    email: record.email.trim().slice(0, 200),
    url: /^https?:\/\//i.test(record.url.trim()) ? record.url.trim().slice(0, 300) : '',
    bodySource: record.html,
    bodyHtml: commentHtml(record.html, parent?.authorName),
    status: (commentStatuses as readonly string[]).includes(record.status) ? record.status : 'pending',
    ip: (record.ip ?? '').slice(0, 64),
    userAgent: (record.userAgent ?? '').slice(0, 300),
    createdAt: record.createdAt,
    updatedAt: record.createdAt,
  };
  const { id, action } = await writeOnce(context, {
    kind: 'comment',
    recordType: 'comment',
    key: record.key,
    digest: digestOf(data),
    exists: async (id) => Boolean(await tx.comment.findUnique({ where: { id }, select: { id: true } })),
    write: async (id) => {
      if (id !== undefined) return { id: (await tx.comment.update({ where: { id }, data })).id };
      const keep = record.folioId !== undefined && !(await tx.comment.findUnique({ where: { id: record.folioId } }));
      if (keep) context.keptIds = true;
      return { id: (await tx.comment.create({ data: { ...data, ...(keep && { id: record.folioId }) } })).id };
    },
  });
  context.comments.set(record.key, { id, authorName });
  if (action !== 'unchanged') context.touched.commentsOf.add(articleId);
  await addRedirects(context, record, { targetType: 'article', targetId: articleId });
}

/** Sanitized HTML with its paragraphs: plain text's blank lines become paragraphs and its line breaks <br>. */
export function commentHtml(html: string, inReplyTo?: string): string {
  const body = /<(p|div|blockquote|ul|ol|pre)[\s>]/i.test(html) ? html : paragraphs(html);
  const reply = inReplyTo ? `<p><em>In reply to ${escapeHtml(inReplyTo)}:</em></p>\n` : '';
  return sanitizeCommentHtml(reply + body);
}

function paragraphs(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${p.replace(/\n/g, '<br>\n')}</p>`)
    .join('\n');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
