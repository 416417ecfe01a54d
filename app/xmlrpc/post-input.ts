/**
 * A client's post struct (MetaWeblog's or WordPress's field names) as the
 * model's ArticleInput. A field the client leaves out keeps the article's
 * current value, as WordPress does on edit. Clients send HTML, so a post
 * they write gets the `none` text filter (still sanitised); an article
 * written in Markdown that a client edits becomes HTML: its rendered HTML
 * stands in for whatever part the client did not send.
 */
import { db } from '#app/models/db.ts';
import type { ArticleInput, ArticleWithRelations } from '#app/models/article.ts';
import { toSlug } from '#app/models/article/permalink.ts';
import { currentIntent, publicationFor, type Intent } from '#app/models/article/publishing.ts';
import type { RpcStruct, RpcValue } from '#app/xmlrpc/codec.ts';
import { badParams, Fault } from '#app/xmlrpc/fault.ts';
import { date, field, flag, names } from '#app/xmlrpc/params.ts';
import type { ApiClient } from '#app/models/app-password.ts';
import { findUploadFor } from '#app/models/upload.ts';
import { NotFoundError } from '#app/models/validation.ts';

export interface PostRequest {
  readonly struct: RpcStruct;
  /** MetaWeblog's `publish` parameter; WordPress's calls say post_status instead. */
  readonly publish?: boolean;
  readonly current: ArticleWithRelations | null;
  /** Whose uploads may be the cover: an author's own, any for an administrator (the library's rule). */
  readonly client: ApiClient;
  readonly now: Date;
  readonly timeZone: string;
}

export async function articleInputFrom(request: PostRequest): Promise<ArticleInput> {
  const { struct: s, current } = request;
  const title = field(s, 'title') ?? field(s, 'post_title') ?? current?.title ?? '';
  const body = bodyFrom(s);
  const excerpt = field(s, 'mt_excerpt') ?? field(s, 'post_excerpt');
  const asHtml = body !== undefined || excerpt !== undefined || current === null || current.textFilter === 'none';
  const slug = field(s, 'wp_slug') ?? field(s, 'post_name');
  return {
    title,
    slug: slug?.trim() ? slug : keptSlug(current, title),
    excerpt: excerpt ?? (asHtml && current?.textFilter !== 'none' ? current?.excerptHtml : current?.excerpt) ?? '',
    bodySource: body ?? (asHtml && current?.textFilter !== 'none' ? current?.bodyHtml : current?.bodySource) ?? '',
    textFilter: asHtml ? 'none' : current.textFilter,
    tags: (await tagsFrom(s)) ?? current?.taggings.map((t) => t.tag.name) ?? [],
    sectionId: (await sectionFrom(s)) ?? current?.sectionId ?? null,
    allowComments: flag(s.mt_allow_comments ?? s.comment_status) ?? current?.allowComments ?? true,
    coverAssetId: await coverFrom(s, request.client),
    ...publication(request),
  };
}

/** description/post_content, with MetaWeblog's "more" text after it. */
function bodyFrom(s: RpcStruct): string | undefined {
  const main = field(s, 'description') ?? field(s, 'post_content');
  const more = field(s, 'mt_text_more');
  if (main === undefined && !more) return undefined;
  return more ? `${main ?? ''}\n\n${more}` : main;
}

/** The current slug, passed on as chosen only when it is not just the title's (the editor's rule: editing.ts). */
function keptSlug(current: ArticleWithRelations | null, title: string): string | undefined {
  return current && toSlug(current.slug) !== toSlug(title) ? current.slug : undefined;
}

/**
 * WordPress's post_thumbnail (MetaWeblog: wp_post_thumbnail): an upload's id
 * as the article's cover; '' or 0 removes it, absent keeps it. The model
 * checks it is an image; here, that the client may use that upload.
 */
async function coverFrom(s: RpcStruct, client: ApiClient): Promise<number | null | undefined> {
  const value = s.post_thumbnail ?? s.wp_post_thumbnail;
  if (value === undefined) return undefined;
  if (value === '' || value === 0 || value === '0') return null;
  const [id] = termIds(value, 'post_thumbnail') ?? [];
  if (id === undefined) return null;
  try {
    await findUploadFor(client.user, id);
  } catch (error) {
    if (error instanceof NotFoundError) throw new Fault(404, 'Invalid attachment ID: no such upload in your library.');
    throw error;
  }
  return id;
}

/** mt_keywords, or WordPress's terms_names.post_tag and terms.post_tag (tag ids). */
async function tagsFrom(s: RpcStruct): Promise<string[] | undefined> {
  const keywords = names(s.mt_keywords, 'mt_keywords');
  const named = names(termsOf(s.terms_names, 'terms_names').post_tag, 'terms_names.post_tag');
  const ids = termIds(termsOf(s.terms, 'terms').post_tag, 'terms.post_tag');
  if (keywords === undefined && named === undefined && ids === undefined) return undefined;
  const byId = ids?.length
    ? await db.tag.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })
    : [];
  if (ids && byId.length !== ids.length) throw new Fault(403, 'Invalid term ID: no such tag.');
  return [...(keywords ?? []), ...(named ?? []), ...byId.map((t) => t.name)];
}

/**
 * Folio files an article in one section. Of the names a client sends
 * (categories, terms_names.category), the first that names a section (by
 * name or slug, any case) wins; names of no section are ignored, as
 * WordPress ignores unknown category names. Ids (terms.category) must exist.
 * undefined: the client said nothing; null: it sent an empty list.
 */
async function sectionFrom(s: RpcStruct): Promise<number | null | undefined> {
  const ids = termIds(termsOf(s.terms, 'terms').category, 'terms.category');
  const named =
    names(s.categories, 'categories') ?? names(termsOf(s.terms_names, 'terms_names').category, 'terms_names.category');
  if (ids === undefined && named === undefined) return undefined;
  const sections = await db.section.findMany({
    orderBy: { position: 'asc' },
    select: { id: true, name: true, slug: true },
  });
  if (ids?.length) {
    const section = sections.find((candidate) => candidate.id === ids[0]);
    if (!section) throw new Fault(403, 'Invalid term ID: no such category (section).');
    return section.id;
  }
  for (const name of named ?? []) {
    const wanted = name.trim().toLowerCase();
    const section = sections.find((c) => c.name.toLowerCase() === wanted || c.slug === wanted);
    if (section) return section.id;
  }
  return named?.length ? undefined : null;
}

/**
 * State and time: post_status (WordPress) or the publish flag (MetaWeblog);
 * publish with a date to come schedules, pending and private are drafts
 * (Folio has neither). Without either, the article keeps its status.
 */
function publication({ struct: s, publish, current, now, timeZone }: PostRequest) {
  const requested =
    date(s.date_created_gmt, 'date_created_gmt', 'UTC') ??
    date(s.post_date_gmt, 'post_date_gmt', 'UTC') ??
    date(s.dateCreated, 'dateCreated', timeZone) ??
    date(s.post_date, 'post_date', timeZone) ??
    current?.publishedAt ??
    null;
  const status = field(s, 'post_status') ?? (publish === undefined ? undefined : publish ? 'publish' : 'draft');
  const intent: Intent = status === undefined ? currentIntent(current, now) : intentFor(status);
  const live = intent === 'publish' || intent === 'schedule';
  return publicationFor(live ? (requested && requested > now ? 'schedule' : 'publish') : intent, requested, now);
}

function intentFor(status: string): Intent {
  switch (status) {
    case 'publish':
    case 'future':
      return 'publish';
    case 'draft':
    case 'pending':
    case 'private':
      return 'draft';
    case 'trash':
      throw badParams('To move a post to the trash, delete it (wp.deletePost).');
    default:
      throw badParams(`Unknown post_status "${status}": use publish, future, draft, pending or private.`);
  }
}

function termsOf(value: RpcValue, name: string): Record<string, RpcValue> {
  if (value === undefined) return {};
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, RpcValue>;
  throw badParams(`The field ${name} must be a struct of taxonomy → terms.`);
}

function termIds(value: RpcValue, name: string): number[] | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : [value];
  const ids = list.map((v) => (typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN));
  if (ids.some((id) => !Number.isSafeInteger(id))) throw badParams(`The field ${name} must be a list of term ids.`);
  return ids;
}
