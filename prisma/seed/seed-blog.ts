/** Writes the sample content into the connected database through Prisma's batch API. */
import { db } from '#app/models/db.ts';
import { renderArticleHtml, renderCommentHtml } from '#app/text-filters/index.ts';
import { publicationDay, toSlug } from '#app/models/article/publishing.ts';
import { currentSettings } from '#app/models/settings.ts';
import { forgetNavigation } from '#app/models/section.ts';
import { lockedPasswordHash } from '#app/models/user.ts';
import * as sample from '#prisma/seed/sample-content.ts';

const batchSize = 500;
const from = new Date('2019-01-01T08:00:00Z');
const to = new Date('2026-01-01T08:00:00Z');

export async function seedSampleBlog(count: number): Promise<{ articles: number; comments: number }> {
  const { timeZone } = await currentSettings();
  const authorIds = await Promise.all(sample.authors.map((a) =>
    db.user.upsert({ where: { login: a.login }, create: { ...a, passwordHash: lockedPasswordHash, role: 'author' }, update: {}, select: { id: true } }).then((u) => u.id)));
  const pageIds = await Promise.all(sample.pages.map((p) =>
    db.page.upsert({ where: { slug: p.slug }, create: { ...p, bodyHtml: renderArticleHtml(p.bodySource, 'markdown') }, update: {}, select: { id: true } }).then((r) => r.id)));
  const sectionIds = await Promise.all(sample.sections.map((s) =>
    db.section.upsert({ where: { slug: s.slug }, create: { ...s, pageId: s.style === 'page' ? pageIds[0] : null }, update: {}, select: { id: true } }).then((r) => r.id)));
  forgetNavigation();
  const tagIds = await Promise.all(sample.tags.map((name) =>
    db.tag.upsert({ where: { slug: toSlug(name) }, create: { name, slug: toSlug(name) }, update: {}, select: { id: true } }).then((t) => t.id)));
  // Bodies are made of a few dozen distinct blocks, and Markdown renders
  // block by block, so render each block once and join (same HTML, 50x faster).
  const smartMarkdown = (s: string) => renderArticleHtml(s, 'smartypants-markdown');
  const rendered = new Map<string, string>();
  const render = (source: string, renderer: (s: string) => string) => {
    let html = rendered.get(source);
    if (html === undefined) rendered.set(source, (html = renderer(source)));
    return html;
  };

  let comments = 0;
  for (let start = 0; start < count; start += batchSize) {
    const batch = Array.from({ length: Math.min(batchSize, count - start) }, (_, k) => sample.sampleArticle(start + k, count, from, to));
    const created = await db.article.createManyAndReturn({
      data: batch.map((a) => ({
        title: a.title,
        slug: a.slug,
        excerpt: a.excerpt,
        excerptHtml: a.excerpt ? render(a.excerpt, smartMarkdown) : '',
        bodySource: a.bodySource,
        bodyHtml: a.paragraphs.map((p) => render(p, smartMarkdown)).join(''),
        textFilter: 'smartypants-markdown',
        state: 'published',
        publishedAt: a.publishedAt,
        publishedOn: publicationDay(a.publishedAt, timeZone),
        commentsCount: a.comments.filter((c) => c.status === 'approved').length,
        authorId: authorIds[a.authorIndex]!,
        sectionId: a.sectionIndex === null ? null : sectionIds[a.sectionIndex]!,
      })),
      select: { id: true },
    });
    await db.tagging.createMany({ data: batch.flatMap((a, k) => a.tagIndexes.map((t) => ({ articleId: created[k]!.id, tagId: tagIds[t]! }))) });
    const commentRows = batch.flatMap((a, k) => a.comments.map((c) => ({
      articleId: created[k]!.id, authorName: c.authorName, email: c.email, bodySource: c.bodySource,
      bodyHtml: render(c.bodySource, renderCommentHtml), status: c.status, ip: c.ip, createdAt: c.createdAt,
    })));
    if (commentRows.length) await db.comment.createMany({ data: commentRows });
    comments += commentRows.length;
  }
  return { articles: count, comments };
}
