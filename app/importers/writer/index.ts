/**
 * The writer: every source's items land here, in the import's one
 * transaction. Records go to their facet as they stream by; what needs the
 * whole stream (links to attachments, comment counts, the source's own
 * redirects) is done in `finish`.
 */
import type { Prisma } from '#app/models/db.ts';
import type { ImportOptions, SourceItem } from '#app/importers/source.ts';
import type { ImportReport } from '#app/importers/report.ts';
import type { UploadDirs } from '#config/uploads.ts';
import { refreshCommentsCount } from '#app/models/comment.ts';
import type { WriterContext } from '#app/importers/writer/context.ts';
import { loadImported } from '#app/importers/writer/identity.ts';
import { emptyAttachmentIndex } from '#app/importers/writer/links.ts';
import { checkAuthorMap, writeAuthor } from '#app/importers/writer/authors.ts';
import { writeTerm } from '#app/importers/writer/terms.ts';
import { writeArticleRecord } from '#app/importers/writer/articles.ts';
import { writePageRecord } from '#app/importers/writer/pages.ts';
import { writeComment } from '#app/importers/writer/comments.ts';
import { writeAttachment } from '#app/importers/writer/attachments.ts';
import { writeSettingsRecord } from '#app/importers/writer/settings.ts';
import { writeRedirectRecords } from '#app/importers/writer/redirects.ts';
import { rewriteAttachmentLinks } from '#app/importers/writer/rewrite.ts';

export interface WriterSetup {
  tx: Prisma.TransactionClient;
  report: ImportReport;
  options: ImportOptions;
  timeZone: string;
  now: Date;
  dirs: UploadDirs;
  themes: readonly string[];
  /** Filled with every stored upload file, for removal if the transaction rolls back. */
  placedFiles: string[];
}

export interface Writer {
  write(item: SourceItem): Promise<void>;
  /** After the last item: links, counts, redirect records. */
  finish(): Promise<void>;
  /** Whether a comment was stored with an id of its own (the id sequence must then be moved past it). */
  readonly keptIds: boolean;
}

export async function openWriter(setup: WriterSetup): Promise<Writer> {
  await checkAuthorMap(setup.tx, setup.options.authorMap);
  const context: WriterContext = {
    ...setup,
    source: '',
    imported: new Map(),
    authors: new Map(),
    terms: new Map(),
    articles: new Map(),
    pages: new Map(),
    comments: new Map(),
    attachments: emptyAttachmentIndex(),
    touched: { articles: new Set(), pages: new Set(), commentsOf: new Set(), attachments: 0 },
    redirects: [],
    keptIds: false,
  };
  return {
    write: (item) => writeItem(context, item),
    finish: () => finish(context),
    get keptIds() {
      return context.keptIds;
    },
  };
}

async function writeItem(context: WriterContext, item: SourceItem): Promise<void> {
  if (item.kind === 'source') {
    context.source = item.identity;
    context.report.source = { identity: item.identity, title: item.title, link: item.link };
    context.imported = await loadImported(context.tx, item.identity);
    return;
  }
  if (!context.source) throw new Error(`the source yielded a ${item.kind} before saying which site it is`);
  switch (item.kind) {
    case 'skipped':
      context.report.skipped.push({ key: item.key, what: item.what, title: item.title, message: item.reason });
      return;
    case 'note':
      context.report.notes.push({ key: item.key, what: 'export', title: '', message: item.message });
      return;
    case 'author':
      return writeAuthor(context, item);
    case 'term':
      return writeTerm(context, item);
    case 'article':
      return writeArticleRecord(context, item);
    case 'page':
      return writePageRecord(context, item);
    case 'comment':
      return writeComment(context, item);
    case 'attachment':
      return writeAttachment(context, item);
    case 'redirect':
      context.redirects.push(item);
      return;
    case 'settings':
      return writeSettingsRecord(context, item);
  }
}

async function finish(context: WriterContext): Promise<void> {
  if (!context.source) throw new Error('the export held nothing to import (no site information was found)');
  await rewriteAttachmentLinks(context);
  for (const articleId of context.touched.commentsOf) await refreshCommentsCount(context.tx, articleId);
  await writeRedirectRecords(context);
}
