/**
 * Writes the sample content into the connected database: the few named
 * records through the model layer, the many articles, taggings and comments
 * through the boundary's bulk loader (search indexes every article as it goes in).
 */
import { db, database } from '#app/models/db.ts';
import type { Row } from '#app/database/index.ts';
import { renderArticleHtml, renderCommentHtml } from '#app/text-filters/index.ts';
import { searchText } from '#app/models/article/search-text.ts';
import { publicationDay, toSlug } from '#app/models/article/permalink.ts';
import { currentSettings } from '#app/models/settings.ts';
import { forgetNavigation } from '#app/models/section.ts';
import { lockedPasswordHash } from '#app/models/user.ts';
import * as sample from '#prisma/seed/sample-content.ts';

const batchSize = 2000;
const from = new Date('2019-01-01T08:00:00Z');
const to = new Date('2026-01-01T08:00:00Z');

export async function seedSampleBlog(count: number): Promise<{ articles: number; comments: number }> {
  const { timeZone } = await currentSettings();
  const authorIds = await Promise.all(
    sample.authors.map((a) =>
      db.user
        .upsert({
          where: { login: a.login },
          create: { ...a, passwordHash: lockedPasswordHash, role: 'author' },
          update: {},
          select: { id: true },
        })
        .then((u) => u.id),
    ),
  );
  const pageIds = await Promise.all(
    sample.pages.map((p) =>
      db.page
        .upsert({
          where: { slug: p.slug },
          create: { ...p, bodyHtml: renderArticleHtml(p.bodySource, 'markdown') },
          update: {},
          select: { id: true },
        })
        .then((r) => r.id),
    ),
  );
  const sectionIds = await Promise.all(
    sample.sections.map((s) =>
      db.section
        .upsert({
          where: { slug: s.slug },
          create: { ...s, pageId: s.style === 'page' ? pageIds[0] : null },
          update: {},
          select: { id: true },
        })
        .then((r) => r.id),
    ),
  );
  forgetNavigation();
  const tagIds = await Promise.all(
    sample.tags.map((name) =>
      db.tag
        .upsert({
          where: { slug: toSlug(name) },
          create: { name, slug: toSlug(name) },
          update: {},
          select: { id: true },
        })
        .then((t) => t.id),
    ),
  );

  // Bodies are made of a few dozen distinct blocks, and Markdown renders
  // block by block, so render each block once and join (same HTML, 50x faster).
  const rendered = new Map<string, string>();
  const render = (source: string, renderer: (s: string) => string) => {
    let html = rendered.get(source);
    if (html === undefined) rendered.set(source, (html = renderer(source)));
    return html;
  };
  const smartMarkdown = (s: string) => renderArticleHtml(s, 'smartypants-markdown');
  // Search indexes each block's plain text (keyed apart from the HTML above: same sources).
  const plainTexts = new Map<string, string>();
  const blockText = (source: string) => {
    let text = plainTexts.get(source);
    if (text === undefined) plainTexts.set(source, (text = searchText(render(source, smartMarkdown))));
    return text;
  };

  let comments = 0;
  // A batch's taggings and comments go in while the next batch's articles are
  // made and inserted: on PostgreSQL that is a second connection (and a
  // second core: the articles' search vectors are the long part). At most one
  // batch of them waits; ids still follow the sample's order in each table.
  let children: Promise<unknown> = Promise.resolve();
  try {
    for (let start = 0; start < count; start += batchSize) {
      const batch = Array.from({ length: Math.min(batchSize, count - start) }, (_, k) =>
        sample.sampleArticle(start + k, count, from, to),
      );
      const now = new Date();
      const [articleIds] = await database().bulkInsert([
        {
          table: 'Article',
          rows: batch.map((a): Row => ({
            title: a.title,
            slug: a.slug,
            excerpt: a.excerpt,
            excerptHtml: a.excerpt ? render(a.excerpt, smartMarkdown) : '',
            bodySource: a.bodySource,
            bodyHtml: a.paragraphs.map((p) => render(p, smartMarkdown)).join(''),
            excerptText: a.excerpt ? blockText(a.excerpt) : '',
            bodyText: a.paragraphs.map(blockText).join(' '),
            textFilter: 'smartypants-markdown',
            state: 'published',
            publishedAt: a.publishedAt,
            publishedOn: publicationDay(a.publishedAt, timeZone),
            allowComments: true,
            commentsCount: a.comments.filter((c) => c.status === 'approved').length,
            authorId: authorIds[a.authorIndex]!,
            sectionId: a.sectionIndex === null ? null : sectionIds[a.sectionIndex]!,
            createdAt: a.publishedAt,
            updatedAt: now,
          })),
        },
      ]);
      const commentRows = batch.flatMap((a, k) =>
        a.comments.map((c): Row => ({
          articleId: articleIds![k]!,
          authorName: c.authorName,
          email: c.email,
          url: '',
          bodySource: c.bodySource,
          bodyHtml: render(c.bodySource, renderCommentHtml),
          status: c.status,
          ip: c.ip,
          userAgent: '',
          createdAt: c.createdAt,
          updatedAt: c.createdAt,
        })),
      );
      const taggingRows = batch.flatMap((a, k) =>
        a.tagIndexes.map((t): Row => ({ articleId: articleIds![k]!, tagId: tagIds[t]! })),
      );
      await children;
      children = handled(
        database().bulkInsert([
          { table: 'Tagging', rows: taggingRows },
          { table: 'Comment', rows: commentRows },
        ]),
      );
      comments += commentRows.length;
    }
    await children;
  } finally {
    // Never leave a statement running behind an error (the command disconnects next).
    await children.catch(() => undefined);
  }
  // Fresh statistics, as after any bulk load (pg_restore's advice): the
  // planner would otherwise judge the new rows by the empty tables it last
  // sampled until autovacuum comes round, and pick scans over indexes.
  // SQLite plans without statistics (no sqlite_stat1), as it always has.
  if (database().kind === 'postgresql') await db.$executeRawUnsafe('ANALYZE');
  return { articles: count, comments };
}

/**
 * The promise itself, with its rejection marked as handled: it is awaited a
 * batch later, and Node would otherwise end the process on a rejection it
 * sees unhandled in the meantime.
 */
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
