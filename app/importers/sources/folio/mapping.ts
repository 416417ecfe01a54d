/**
 * A Folio archive's records (app/exporters/folio/format.ts) as import
 * records (app/importers/records.ts). Keys are "<kind>:<id in the exporting
 * blog>", so re-importing the same archive finds what it made before.
 * Bodies travel as their source and text filter, so the same HTML renders.
 */
import path from 'node:path';
import type {
  ArchivedArticle,
  ArchivedAsset,
  ArchivedComment,
  ArchivedPage,
  ArchivedRedirect,
  ArchivedSection,
  ArchivedSettings,
  ArchivedTag,
  ArchivedUser,
} from '#app/exporters/folio/format.ts';
import { uploadsFolder } from '#app/exporters/folio/format.ts';
import type {
  ImportedArticle,
  ImportedAttachment,
  ImportedAuthor,
  ImportedComment,
  ImportedPage,
  ImportedRedirect,
  ImportedSettings,
  ImportedTerm,
} from '#app/importers/records.ts';
import type { SourceNote } from '#app/importers/source.ts';

export const keys = {
  user: (id: number) => `user:${id}`,
  section: (id: number) => `section:${id}`,
  tag: (id: number) => `tag:${id}`,
  page: (id: number) => `page:${id}`,
  article: (id: number) => `article:${id}`,
  comment: (id: number) => `comment:${id}`,
  asset: (id: number) => `asset:${id}`,
  redirect: (id: number) => `redirect:${id}`,
};

/** The settings; a theme not installed here is left out (and said), since themes are installed from the filesystem only. */
export function settings(s: ArchivedSettings, installedThemes: readonly string[]): (ImportedSettings | SourceNote)[] {
  const { theme, ...rest } = s;
  const installed = installedThemes.includes(theme);
  return [
    { kind: 'settings', key: 'settings', values: installed ? { ...rest, theme } : rest },
    ...(installed
      ? []
      : [
          {
            kind: 'note' as const,
            message: `The blog used the theme “${theme}”, which is not installed here, so the current theme stays. The archive holds it under theme/${theme}/: copy that folder into views/themes/ and choose it in Themes.`,
          },
        ]),
  ];
}

export const author = (u: ArchivedUser): ImportedAuthor => ({
  kind: 'author',
  key: keys.user(u.id),
  login: u.login,
  displayName: u.displayName,
  email: u.email,
});

export const section = (s: ArchivedSection): ImportedTerm => ({
  kind: 'term',
  key: keys.section(s.id),
  taxonomy: 'category',
  name: s.name,
  slug: s.slug,
  section: {
    style: s.style === 'page' ? 'page' : 'blog',
    ...(s.pageId === null ? {} : { pageKey: keys.page(s.pageId) }),
  },
});

export const tag = (t: ArchivedTag): ImportedTerm => ({
  kind: 'term',
  key: keys.tag(t.id),
  taxonomy: 'tag',
  name: t.name,
  slug: t.slug,
});

export const page = (p: ArchivedPage): ImportedPage => ({
  kind: 'page',
  key: keys.page(p.id),
  title: p.title,
  slug: p.slug,
  body: { format: 'source', source: p.bodySource, textFilter: textFilter(p.textFilter) },
  status: 'published',
  createdAt: new Date(p.createdAt),
  updatedAt: new Date(p.updatedAt),
});

/** An upload: the file unpacked from the archive, addressed as it was, so its URL can stay the same. */
export const attachment = (a: ArchivedAsset, dir: string): ImportedAttachment => ({
  kind: 'attachment',
  key: keys.asset(a.id),
  url: `/uploads/${a.storedName}`,
  relativePath: path.join(dir, uploadsFolder, ...a.storedName.split('/')),
  storedName: a.storedName,
  title: a.originalName,
  uploaderKey: keys.user(a.uploaderId),
  createdAt: new Date(a.createdAt),
});

export function article(a: ArchivedArticle): ImportedArticle {
  const filter = textFilter(a.textFilter);
  return {
    kind: 'article',
    key: keys.article(a.id),
    title: a.title,
    slug: a.slug,
    body: { format: 'source', source: a.bodySource, textFilter: filter },
    ...(a.excerpt.trim() ? { excerpt: { format: 'source', source: a.excerpt, textFilter: filter } } : {}),
    status: a.state === 'published' ? a.status : 'draft',
    ...(a.publishedAt ? { publishedAt: new Date(a.publishedAt) } : {}),
    // The exact day: its permalink and date archives stay where they were, whatever the zones.
    ...(a.publishedOn ? { publishedOn: a.publishedOn } : {}),
    createdAt: new Date(a.createdAt),
    updatedAt: new Date(a.updatedAt),
    authorKey: keys.user(a.authorId),
    termKeys: [...(a.sectionId === null ? [] : [keys.section(a.sectionId)]), ...a.tagIds.map(keys.tag)],
    allowComments: a.allowComments,
    revisions: a.revisions.map((r) => ({
      kind: r.kind === 'autosave' ? 'autosave' : 'save',
      title: r.title,
      excerpt: r.excerpt,
      bodySource: r.bodySource,
      textFilter: r.textFilter,
      createdAt: new Date(r.createdAt),
      ...(r.authorId === null ? {} : { authorKey: keys.user(r.authorId) }),
    })),
  };
}

export const comment = (c: ArchivedComment): ImportedComment => ({
  kind: 'comment',
  key: keys.comment(c.id),
  articleKey: keys.article(c.articleId),
  commentKind: c.kind === 'pingback' || c.kind === 'trackback' ? c.kind : 'comment',
  authorName: c.authorName,
  email: c.email,
  url: c.url,
  html: c.bodyHtml,
  source: c.bodySource,
  status: c.status === 'approved' || c.status === 'spam' ? c.status : 'pending',
  createdAt: new Date(c.createdAt),
  // Kept when free: #comment-N anchors and feed entry ids survive the move.
  folioId: c.id,
  ip: c.ip,
  userAgent: c.userAgent,
});

const recordTargets = {
  article: keys.article,
  page: keys.page,
  section: keys.section,
  tag: keys.tag,
  author: keys.user,
} as const;

export function redirect(r: ArchivedRedirect): ImportedRedirect | SourceNote {
  const key = keys.redirect(r.id);
  if (r.targetType === 'url') return { kind: 'redirect', key, from: r.fromPath, to: { type: 'url', url: r.toUrl } };
  if (r.targetType === 'feed' || r.targetType === 'comments-feed')
    return { kind: 'redirect', key, from: r.fromPath, to: { type: r.targetType } };
  const target = recordTargets[r.targetType as keyof typeof recordTargets];
  if (!target || r.targetId === null)
    return { kind: 'note', key, message: `The redirect from ${r.fromPath} points at nothing Folio knows; left out.` };
  const type = r.targetType === 'section' || r.targetType === 'tag' ? 'term' : (r.targetType as 'article');
  return { kind: 'redirect', key, from: r.fromPath, to: { type, key: target(r.targetId) } };
}

function textFilter(name: string): 'markdown' | 'smartypants-markdown' | 'none' {
  return name === 'smartypants-markdown' || name === 'none' ? name : 'markdown';
}
