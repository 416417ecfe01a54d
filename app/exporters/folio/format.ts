/**
 * Folio's own archive, as the exporter writes it and the folio import
 * source reads it: one .tar.gz holding
 *
 *   records/<kind>.ndjson      one JSON record a line, in `recordFiles` order (a reader streams them)
 *   uploads/<storedName>       every upload's stored files, variants included
 *   theme/<name>/              the active theme's folder
 *   manifest.json              FolioManifest: format version, Folio version, when, from where, counts
 *
 * The manifest is added last (a reader finds it by name, not by position):
 * the archive is streamed as it is written, and its counts are those of the
 * records written.
 *
 * Records keep their ids, and refer to each other by them.
 */
export const archiveFormat = 'folio-archive';
export const archiveFormatVersion = 1;

/** Dependencies first: a reader can resolve every reference as it goes. */
export const recordFiles = [
  'settings',
  'users',
  'pages',
  'sections',
  'tags',
  'assets',
  'articles',
  'comments',
  'redirects',
] as const;
export type RecordFile = (typeof recordFiles)[number];

export const manifestFile = 'manifest.json';
export const recordPath = (kind: RecordFile) => `records/${kind}.ndjson`;
export const uploadsFolder = 'uploads';
export const themeFolder = 'theme';

export interface FolioManifest {
  format: typeof archiveFormat;
  formatVersion: number;
  folioVersion: string;
  exportedAt: string;
  /** The exporting blog's address: the import source's identity is "folio:" + this. */
  baseUrl: string;
  blogTitle: string;
  database: 'sqlite' | 'postgresql';
  theme: string;
  counts: Record<RecordFile, number>;
}

type Dated<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

export type ArchivedSettings = Dated<{
  blogTitle: string;
  subtitle: string;
  theme: string;
  articlesPerPage: number;
  commentPolicy: string;
  commentsCloseAfterDays: number;
  timeZone: string;
}>;

export type ArchivedUser = Dated<{
  id: number;
  login: string;
  displayName: string;
  email: string;
  role: string;
  createdAt: Date;
  updatedAt: Date;
}>;

export interface ArchivedSection {
  id: number;
  name: string;
  slug: string;
  position: number;
  style: string;
  pageId: number | null;
}

export interface ArchivedTag {
  id: number;
  name: string;
  slug: string;
}

export type ArchivedPage = Dated<{
  id: number;
  slug: string;
  title: string;
  bodySource: string;
  bodyHtml: string;
  textFilter: string;
  createdAt: Date;
  updatedAt: Date;
}>;

export type ArchivedAsset = Dated<{
  id: number;
  storedName: string;
  originalName: string;
  contentType: string;
  byteSize: number;
  width: number | null;
  height: number | null;
  uploaderId: number;
  createdAt: Date;
}>;

export type ArchivedRevision = Dated<{
  id: number;
  kind: string;
  title: string;
  excerpt: string;
  bodySource: string;
  textFilter: string;
  authorId: number | null;
  createdAt: Date;
}>;

export type ArchivedArticle = Dated<{
  id: number;
  title: string;
  slug: string;
  excerpt: string;
  excerptHtml: string;
  bodySource: string;
  bodyHtml: string;
  textFilter: string;
  state: string;
  /** As of the export: a published article whose time is still to come is scheduled. */
  status: 'published' | 'scheduled' | 'draft';
  publishedAt: Date | null;
  publishedOn: string | null;
  allowComments: boolean;
  authorId: number;
  sectionId: number | null;
  createdAt: Date;
  updatedAt: Date;
}> & { tagIds: number[]; revisions: ArchivedRevision[] };

export type ArchivedComment = Dated<{
  id: number;
  articleId: number;
  kind: string;
  authorName: string;
  email: string;
  url: string;
  bodySource: string;
  bodyHtml: string;
  status: string;
  ip: string;
  userAgent: string;
  createdAt: Date;
  updatedAt: Date;
}>;

export type ArchivedRedirect = Dated<{
  id: number;
  fromPath: string;
  targetType: string;
  targetId: number | null;
  toUrl: string;
  origin: string;
  hits: number;
  lastHitAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}>;

export interface ArchivedRecords {
  settings: ArchivedSettings;
  users: ArchivedUser;
  sections: ArchivedSection;
  tags: ArchivedTag;
  pages: ArchivedPage;
  assets: ArchivedAsset;
  articles: ArchivedArticle;
  comments: ArchivedComment;
  redirects: ArchivedRedirect;
}
