/** The blog's rows as the folio archive keeps them (folio/format.ts): ids kept, dates as ISO strings, no password hashes. */
import {
  readArticles,
  readAssets,
  readComments,
  readPages,
  readRedirects,
  readRevisions,
  readSections,
  readSettings,
  readTags,
  readUsers,
} from '#app/exporters/batches.ts';
import { articleStatus } from '#app/models/article/visibility.ts';
import type { ArchivedArticle, ArchivedRecords, RecordFile } from '#app/exporters/folio/format.ts';

type Readers = { [K in RecordFile]: (now: Date) => AsyncIterable<ArchivedRecords[K]> };

export const archivedRecords: Readers = {
  async *settings() {
    const row = await readSettings();
    if (!row) return;
    const { blogTitle, subtitle, theme, articlesPerPage, commentPolicy, commentsCloseAfterDays, timeZone } = row;
    yield { blogTitle, subtitle, theme, articlesPerPage, commentPolicy, commentsCloseAfterDays, timeZone };
  },
  async *users() {
    for await (const u of readUsers()) yield { ...u, createdAt: iso(u.createdAt), updatedAt: iso(u.updatedAt) };
  },
  async *sections() {
    for await (const { id, name, slug, position, style, pageId } of readSections())
      yield { id, name, slug, position, style, pageId };
  },
  async *tags() {
    yield* readTags();
  },
  async *pages() {
    for await (const p of readPages()) yield { ...p, createdAt: iso(p.createdAt), updatedAt: iso(p.updatedAt) };
  },
  async *assets() {
    for await (const a of readAssets()) yield { ...a, createdAt: iso(a.createdAt) };
  },
  async *articles(now) {
    for await (const a of readArticles()) {
      const { author: _a, section: _s, taggings, bodyText: _b, excerptText: _e, commentsCount: _c, ...row } = a;
      const revisions = (await readRevisions(a.id)).map(({ articleId: _id, ...r }) => ({
        ...r,
        createdAt: iso(r.createdAt),
      }));
      const archived: ArchivedArticle = {
        ...row,
        status: articleStatus(a, now),
        publishedAt: a.publishedAt ? iso(a.publishedAt) : null,
        createdAt: iso(a.createdAt),
        updatedAt: iso(a.updatedAt),
        tagIds: taggings.map((t) => t.tag.id),
        revisions,
      };
      yield archived;
    }
  },
  async *comments() {
    for await (const c of readComments()) yield { ...c, createdAt: iso(c.createdAt), updatedAt: iso(c.updatedAt) };
  },
  async *redirects() {
    for await (const r of readRedirects())
      yield {
        ...r,
        lastHitAt: r.lastHitAt ? iso(r.lastHitAt) : null,
        createdAt: iso(r.createdAt),
        updatedAt: iso(r.updatedAt),
      };
  },
};

const iso = (date: Date) => date.toISOString();
