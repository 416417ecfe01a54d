/**
 * The theme API: the data each template of a theme is rendered with. A theme's
 * `templates/<name>.ejs` sees the names of `TemplateData[name]` plus those of
 * `PageChrome` and `partial`; its `layout.ejs` sees the same names plus `content`,
 * the rendered template. A theme may leave any template out: the `default`
 * theme's is used instead. Names not described here are not part of the API.
 *
 * Everything here is already whitelisted and escaped where it says HTML: a
 * theme never sees a record, an email address or a draft.
 */
import type { HeadLink } from '#app/presenters/discovery-links.ts';
import type { ViewHelpers } from '#app/helpers/index.ts';
import type { Pagination } from '#app/helpers/pagination.ts';
import type { ArchiveYear } from '#app/models/article/archive.ts';
import type { ArticleLinkView, ArticleView } from '#app/presenters/article.ts';
import type { CommentView, ReactionGroup } from '#app/presenters/comment.ts';
import type { CommentFormView } from '#app/presenters/comment-form.ts';
import type { FeedLink, SiteView } from '#app/presenters/site.ts';

/** Each template's name, and the data it is rendered with. */
export interface TemplateData {
  index: ListingPageData;
  article: ArticlePageData;
  'comment-preview': CommentPreviewPageData;
  page: StaticPageData;
  archives: ArchivesPageData;
  tags: TagsPageData;
  search: SearchPageData;
  subscription: SubscriptionPageData;
  error: ErrorPageData;
}

export type TemplateName = keyof TemplateData;

/** The names of `TemplateData`, for the check that every theme's templates are described here. */
export const templateNames = Object.keys({
  index: true,
  article: true,
  'comment-preview': true,
  page: true,
  archives: true,
  tags: true,
  search: true,
  subscription: true,
  error: true,
} satisfies Record<TemplateName, true>) as TemplateName[];

/** What every template, partial and layout sees, whatever the page. */
export interface PageChrome {
  site: SiteView;
  meta: PageMeta;
  theme: ThemeView;
  /** View helpers: dates in the blog's time zone, archive and tag paths, `pluralize` (app/helpers/index.ts). */
  h: ViewHelpers;
}

/** For the layout's `<head>`. */
export interface PageMeta {
  /** The page's title, then the blog's ("Archives · My Blog"); the blog's alone on the home page. */
  title: string;
  description: string;
  /** The blog's feeds first, then the page's own (a tag's, an article's comments). */
  feeds: FeedLink[];
  /** The page's absolute canonical URL. */
  canonical: string;
  /** Where publishing clients and other sites find Folio's endpoints (app/presenters/discovery-links.ts). */
  links: HeadLink[];
}

export interface ThemeView {
  name: string;
  /** The URL of a file in the theme's `assets/`, versioned so browsers may keep it forever. */
  asset(file: string): string;
}

/**
 * `index`: a page of articles, newest first. The home page, a date archive, a
 * tag, a "blog" section and an author's articles all use it.
 */
export interface ListingPageData {
  articles: ArticleView[];
  /** Says what is listed ("Articles tagged “ruby”"); null on the home page. */
  heading: string | null;
  pagination: Pagination;
}

/** `article`: one article with its approved comments and the comment form. */
export interface ArticlePageData {
  article: ArticleView;
  /** Approved comments, oldest first: replies and mentions from other sites among them (`comment.mention`). */
  comments: CommentView[];
  /** Approved likes, reposts and bookmarks from other sites (webmentions), one group per type: a line of names each. */
  reactions: ReactionGroup[];
  /** The visible articles published just before and after this one. */
  neighbours: { previous: ArticleLinkView | null; next: ArticleLinkView | null };
  /** A message for the reader who just commented ("awaiting moderation"), else null. */
  notice: string | null;
  commentForm: CommentFormView;
}

/**
 * `comment-preview`: the second step of commenting. The comment as it will
 * look (`commentForm.preview`) and the form carrying the token that posts it.
 */
export interface CommentPreviewPageData {
  article: ArticleView;
  commentForm: CommentFormView;
}

/**
 * `subscription`: the page a link in a reply-subscription mail opens. Mail
 * scanners open links too, so the page only asks (`done` false: a form that
 * POSTs to `action`, with one button); the POST does it and says so.
 */
export interface SubscriptionPageData {
  subscription: {
    purpose: 'confirm' | 'unsubscribe';
    done: boolean;
    heading: string;
    message: string;
    /** The article it is about. */
    article: { title: string; url: string };
    /** Where the button posts (this page's own address). */
    action: string;
    button: string;
  };
}

/** `page`: a static page, at /pages/:slug or as a "page" section. */
export interface StaticPageData {
  staticPage: { title: string; bodyHtml: string };
}

/** `archives`: every month with visible articles, by year, newest first. */
export interface ArchivesPageData {
  years: ArchiveYear[];
}

/** `tags`: every tag with visible articles, by name. */
export interface TagsPageData {
  tags: { name: string; slug: string; url: string; count: number }[];
}

/** `search`: the query and one page of results, best first. The layout sees `search` too (to fill its search box). */
export interface SearchPageData {
  search: {
    /** What was asked, trimmed; empty before the reader has searched. */
    query: string;
    total: number;
    /** True when `total` is a lower bound (counting stopped). */
    capped: boolean;
    results: SearchResultView[];
  };
  pagination: Pagination;
}

export interface SearchResultView {
  article: ArticleView;
  /** The matching words in context, highlighted with <mark>. */
  snippetHtml: string;
}

/** `error`: any error a reader meets (404, 422, 500...), with a message safe to show. */
export interface ErrorPageData {
  error: {
    status: number;
    title: string;
    message: string;
    /** Quote it when reporting a problem; matches the log. */
    requestId: string;
  };
}

/**
 * Names the shipped themes use for what a page hands a partial, as in
 * `partial('comment', { comment })`. Any other key of a partial's data is
 * still reachable as `locals.key`.
 */
export interface PartialData {
  item: ArticleView;
  comment: CommentView;
  tag: { name: string; url: string };
  result: SearchResultView;
}

/** Every name a template can use directly (see `templateLocals` in app/themes/render.ts). */
export type TemplateLocalName =
  | keyof PageChrome
  | 'partial'
  | 'content'
  | { [T in TemplateName]: keyof TemplateData[T] }[TemplateName]
  | keyof PartialData;
