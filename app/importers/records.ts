/**
 * What every importer reads another engine's export into: one stream of
 * plain records, the same for WordPress, Ghost, feeds, Markdown folders,
 * Typo, Mephisto and Folio's own archive. A source (app/importers/sources/)
 * only parses and maps; app/importers/writer/ alone writes, so idempotence,
 * the one transaction, author mapping, uploads and redirects have one home.
 *
 * Records reference each other by `key` (the item's identity in its source,
 * e.g. "post:123"), never by Folio ids. A source yields a record before any
 * record that refers to it when it can (authors, terms, then posts); the
 * writer resolves references at the end of the stream when it cannot.
 */

/** An address the item had on the old site: a path with its query when it had one ("/?p=123", "/2009/05/hello/"). */
export type OldAddress = string;

interface Keyed {
  /** The item's identity within the source ("post:123", "user:ada", "tag:news"): stable across exports of the same site. */
  key: string;
  /** Where it lived on the old site; each answers 301 to its new address. */
  oldAddresses?: OldAddress[];
}

export interface ImportedAuthor extends Keyed {
  kind: 'author';
  /** The old engine's login ("ada"); mapped with --author-map, else matched to a Folio login, else created. */
  login: string;
  displayName: string;
  email: string;
}

/** A category, tag or section of the old engine. */
export interface ImportedTerm extends Keyed {
  kind: 'term';
  /** How Folio keeps it: categories become sections (their path flattened: "Parent › Child" is the child's own section) or tags by choice; tags are tags. */
  taxonomy: 'category' | 'tag';
  name: string;
  slug: string;
  /** A category's parent's key, for nested categories. */
  parentKey?: string;
  /** Folio's own archive: a section's style, and the page a "page" section shows (yielded after the pages, in navigation order). */
  section?: { style: 'blog' | 'page'; pageKey?: string };
}

export type ImportedBody =
  /** Already HTML (WordPress after wpautop and block cleanup, Ghost's html, feeds): stored with the `none` filter, still sanitized. */
  | { format: 'html'; html: string }
  /** Source text for one of Folio's filters (Markdown folders, Typo's textile-free markdown, Folio's own archive). */
  | { format: 'source'; source: string; textFilter: 'markdown' | 'smartypants-markdown' | 'none' };

export type ImportedStatus = 'published' | 'draft' | 'scheduled';

export interface ImportedArticle extends Keyed {
  kind: 'article';
  title: string;
  /** The old slug, kept when Folio's slug rules allow it (else Folio's slug of it, and the old address redirects). */
  slug: string;
  body: ImportedBody;
  excerpt?: ImportedBody;
  status: ImportedStatus;
  /** The instant it was (or will be) published; undefined for a draft never published. */
  publishedAt?: Date;
  /**
   * The publication day as the old blog showed it (YYYY-MM-DD in the old
   * blog's own time zone): the permalink's date, so /2009/05/17/slug keeps
   * its day whatever Folio's time zone is. Omitted: computed in the blog's zone.
   */
  publishedOn?: string;
  updatedAt?: Date;
  createdAt?: Date;
  authorKey?: string;
  /** Keys of ImportedTerm records; the first category becomes the section (when categories map to sections). */
  termKeys?: string[];
  allowComments?: boolean;
  /** Old revisions, oldest first (Folio's own archive). */
  revisions?: ImportedRevision[];
  /** What the source knew but Folio has no place for (sticky, password, pending review, ...): reported, per item. */
  notes?: string[];
}

export interface ImportedRevision {
  kind: 'save' | 'autosave';
  title: string;
  excerpt: string;
  bodySource: string;
  textFilter: string;
  createdAt: Date;
  authorKey?: string;
}

export interface ImportedPage extends Keyed {
  kind: 'page';
  title: string;
  slug: string;
  body: ImportedBody;
  /** A page that was not public on the old site (draft, private, trash): reported, and imported only when it has somewhere to go. */
  status: ImportedStatus;
  createdAt?: Date;
  updatedAt?: Date;
  notes?: string[];
}

export interface ImportedComment extends Keyed {
  kind: 'comment';
  /** The article's key. */
  articleKey: string;
  commentKind: 'comment' | 'pingback' | 'trackback';
  authorName: string;
  email: string;
  url: string;
  /** The comment as HTML (old engines stored HTML); rendered through Folio's comment sanitizer. */
  html: string;
  /** Folio's own archive: the comment as its author typed it (kept as its source; `html` is still what is shown). */
  source?: string;
  status: 'approved' | 'pending' | 'spam';
  createdAt: Date;
  /** The comment it answered (threads are kept as order plus an "In reply to" line). */
  parentKey?: string;
  /** Its id in the Folio blog it was exported from (Folio's archive): kept when free, so #comment-N anchors and feed ids survive the move. */
  folioId?: number;
  ip?: string;
  userAgent?: string;
}

/** An uploaded file: found under --uploads-dir (or inside an archive) and stored as a Folio upload. */
export interface ImportedAttachment extends Keyed {
  kind: 'attachment';
  /** Where the old site served it ("https://old.example/wp-content/uploads/2009/05/cat.jpg"): bodies linking to it are rewritten. */
  url: string;
  /** Its path under the uploads dir ("2009/05/cat.jpg"), or an absolute path a source already resolved. */
  relativePath: string;
  /**
   * Folio's own archive: the upload's stored name ("2026/05/3f9c2a7d1b0e4f66.png"), kept when no upload has it
   * here, so its URL and its variants' URLs (-thumb, -medium) stay the same and bodies need no rewriting.
   */
  storedName?: string;
  title?: string;
  uploaderKey?: string;
  createdAt?: Date;
}

/** An address the old site answered that is not one item's (a feed, a date archive, a redirect the old engine kept). */
export interface ImportedRedirect extends Keyed {
  kind: 'redirect';
  from: OldAddress;
  to:
    | { type: 'url'; url: string }
    | { type: 'article' | 'page' | 'term' | 'author'; key: string }
    | { type: 'feed' | 'comments-feed' };
}

/** The blog's own settings (Folio's archive only): each present field replaces the current one. */
export interface ImportedSettings {
  kind: 'settings';
  key: 'settings';
  values: Partial<{
    blogTitle: string;
    subtitle: string;
    theme: string;
    articlesPerPage: number;
    commentPolicy: string;
    commentsCloseAfterDays: number;
    timeZone: string;
  }>;
}

export type ImportedRecord =
  | ImportedAuthor
  | ImportedTerm
  | ImportedArticle
  | ImportedPage
  | ImportedComment
  | ImportedAttachment
  | ImportedRedirect
  | ImportedSettings;

export type ImportedRecordKind = ImportedRecord['kind'];
