/**
 * One <item> → its records. wp:post_type decides what it is: posts become
 * articles, pages pages, attachments uploads; a reusable block (wp_block)
 * is remembered for the bodies that show it; anything else (menu entries,
 * revisions, templates, custom post types) is reported as skipped, with
 * its comments. The item's comments follow it.
 */
import type { ImportedArticle, ImportedPage, ImportedStatus } from '#app/importers/records.ts';
import type { SourceItem } from '#app/importers/source.ts';
import { attachmentRecord } from '#app/importers/sources/wxr/attachment-records.ts';
import { bodyNeedsLookups, convertBody } from '#app/importers/sources/wxr/body/index.ts';
import { authorKey, itemTerm, undeclaredAuthor } from '#app/importers/sources/wxr/channel-records.ts';
import { commentRecord, type CommentedItem } from '#app/importers/sources/wxr/comment-records.ts';
import {
  childRaw,
  childrenNamed,
  childText,
  decodeEntities,
  decodeSlug,
  postmeta,
  slugFromName,
  type WxrElement,
} from '#app/importers/sources/wxr/element.ts';
import { galleryContext } from '#app/importers/sources/wxr/gallery.ts';
import { itemAddresses } from '#app/importers/sources/wxr/old-addresses.ts';
import type { WxrSite } from '#app/importers/sources/wxr/site.ts';
import { localDay } from '#app/importers/sources/wxr/wp-dates.ts';
import { autop } from '@wordpress/autop';

/** Post types that are site machinery, not writing. */
const machinery: Record<string, string> = {
  nav_menu_item: 'a navigation menu entry: Folio builds its own menu from sections and pages',
  revision: 'an old revision: Folio keeps its own from now on',
  customize_changeset: "the theme customizer's settings",
  custom_css: "the theme's custom CSS",
  oembed_cache: "WordPress's cache of embedded media",
  user_request: 'a personal-data request',
  wp_template: 'a block theme template',
  wp_template_part: 'a block theme template part',
  wp_global_styles: "a block theme's styles",
  wp_navigation: 'a navigation menu: Folio builds its own menu from sections and pages',
  wp_font_family: 'a font family of the font library',
  wp_font_face: 'a font face of the font library',
};

export function* itemRecords(item: WxrElement, site: WxrSite): Generator<SourceItem> {
  const type = childText(item, 'wp:post_type') || 'post';
  const id = childText(item, 'wp:post_id');
  const title = decodeEntities(childText(item, 'title'));
  const comments = childrenNamed(item, 'wp:comment');
  let commented: CommentedItem = { key: `${type}:${id}`, title, cannotHold: `its ${type} was not imported` };
  if (type === 'post' || type === 'page') {
    if (!site.fileRead && bodyNeedsLookups(childRaw(item, 'content:encoded'))) {
      site.heldBack.push(item);
      return;
    }
    const records = [...writingRecords(item, type, site)];
    yield* records;
    const main = records.find((record) => record.kind === 'article' || record.kind === 'page');
    if (main?.kind === 'article') commented = { key: main.key, title };
    else if (main?.kind === 'page') commented = { key: main.key, title, cannotHold: 'Folio pages take no comments' };
  } else if (type === 'attachment') {
    const status = childText(item, 'wp:status');
    if (status === 'trash') yield skipped(item, type, title, 'in the trash');
    else yield attachmentRecord(item, site);
    commented.cannotHold = 'comments on an attachment page: Folio shows uploads without comments';
  } else if (type === 'wp_block') {
    site.reusableBlocks.set(id, childRaw(item, 'content:encoded'));
    yield skipped(item, type, title, 'a reusable block: its content is placed in the posts that show it');
  } else {
    yield skipped(item, type, title, machinery[type] ?? `Folio has no place for the custom post type "${type}"`);
  }
  for (const comment of comments) yield commentRecord(comment, commented, site);
}

function skipped(item: WxrElement, what: string, title: string, reason: string): SourceItem {
  return { kind: 'skipped', key: `${what}:${childText(item, 'wp:post_id')}`, what, title, reason };
}

/** WordPress statuses → Folio's, with what the author should know. */
function statusOf(wpStatus: string): { status?: ImportedStatus; note?: string; wasPublic: boolean } {
  switch (wpStatus) {
    case 'publish':
      return { status: 'published', wasPublic: true };
    case 'future':
      return { status: 'scheduled', wasPublic: true };
    case 'draft':
      return { status: 'draft', wasPublic: false };
    case 'pending':
      return { status: 'draft', note: 'was pending review: imported as a draft', wasPublic: false };
    case 'private':
      return {
        status: 'draft',
        note: 'was private (only logged-in editors saw it): imported as a draft',
        wasPublic: false,
      };
    case 'trash':
    case 'auto-draft':
      return { wasPublic: false };
    default:
      return { status: 'draft', note: `had the status "${wpStatus || 'none'}": imported as a draft`, wasPublic: false };
  }
}

function* writingRecords(item: WxrElement, type: 'post' | 'page', site: WxrSite): Generator<SourceItem> {
  const id = childText(item, 'wp:post_id');
  const key = `${type}:${id}`;
  const title = decodeEntities(childText(item, 'title'));
  const wpStatus = childText(item, 'wp:status');
  const state = statusOf(wpStatus);
  if (!state.status) {
    const reason = wpStatus === 'trash' ? 'in the trash' : 'an auto-draft WordPress never saved';
    yield skipped(item, type, title, reason);
    return;
  }
  const notes: string[] = state.note ? [state.note] : [];
  let status = state.status;
  if (childText(item, 'wp:post_password')) {
    notes.push('was password-protected: imported as a draft (Folio has no per-post passwords)');
    status = 'draft';
  }
  const localDate = childText(item, 'wp:post_date');
  const instant = site.clock.instant(localDate, childText(item, 'wp:post_date_gmt'));
  const modified = site.clock.instant(childText(item, 'wp:post_modified'), childText(item, 'wp:post_modified_gmt'));
  const rawSlug = childText(item, 'wp:post_name');
  const slug = decodeSlug(rawSlug) || slugFromName(title) || `${type}-${id}`;
  const oldAddresses = itemAddresses(site.basePath, {
    id,
    postType: type,
    link: childText(item, 'link'),
    guid: childText(item, 'guid'),
    slug: rawSlug,
    localDate,
    public: state.wasPublic && wpStatus === 'publish',
  });
  const bodyNotes: string[] = [];
  const context = galleryContext(site, id, (message) => bodyNotes.push(message));
  const html = convertBody(childRaw(item, 'content:encoded'), context);
  const dates = { ...(instant && { createdAt: instant }), ...(modified && { updatedAt: modified }) };

  if (type === 'page') {
    const page: ImportedPage = {
      kind: 'page',
      key,
      title,
      slug,
      body: { format: 'html', html },
      status,
      oldAddresses,
      ...dates,
    };
    if (notes.length) page.notes = notes;
    yield page;
  } else {
    const author = childText(item, 'dc:creator');
    const termKeys: string[] = [];
    for (const record of itemTerms(item, site, termKeys, notes)) yield record;
    if (author) {
      const record = undeclaredAuthor(site, author);
      if (record) yield record;
    }
    if (childText(item, 'wp:is_sticky') === '1')
      notes.push('was sticky (kept at the top of the blog): Folio has no sticky posts');
    const thumbnail = postmeta(item, '_thumbnail_id')?.trim();
    if (thumbnail)
      notes.push(`had a featured image (attachment ${thumbnail}): imported as an upload, not shown with the article`);
    const article: ImportedArticle = {
      kind: 'article',
      key,
      title,
      slug,
      body: { format: 'html', html },
      status,
      termKeys,
      allowComments: childText(item, 'wp:comment_status') === 'open',
      oldAddresses,
      ...dates,
    };
    // A post that was out (or was due to be) has its instant and the day its permalink showed; a draft has neither.
    if (instant && (state.wasPublic || wpStatus === 'private')) {
      article.publishedAt = instant;
      const day = localDay(localDate);
      if (day) article.publishedOn = day;
    }
    if (author) article.authorKey = authorKey(author);
    const excerpt = childRaw(item, 'excerpt:encoded');
    if (excerpt.trim()) article.excerpt = { format: 'html', html: autop(excerpt.replace(/\r\n?/g, '\n')).trim() };
    if (notes.length) article.notes = notes;
    yield article;
  }
  for (const message of bodyNotes) yield { kind: 'note', key, message: `"${title}": ${message}` };
}

/**
 * The item's categories and tags, yielding the terms no list declared.
 * WordPress 2.x wrote each term twice, once without nicename: that copy is
 * only used when no copy with a nicename has the same name.
 */
function* itemTerms(item: WxrElement, site: WxrSite, termKeys: string[], notes: string[]): Generator<SourceItem> {
  const categories = childrenNamed(item, 'category');
  const named = new Set(categories.filter((c) => c.attrs.nicename).map((c) => `${c.attrs.domain}|${c.text.trim()}`));
  for (const category of categories) {
    const domain = category.attrs.domain ?? 'category';
    if (
      !category.attrs.nicename &&
      (named.has(`${domain}|${category.text.trim()}`) || named.has(`category|${category.text.trim()}`))
    )
      continue;
    const term = itemTerm(category, site);
    if (!term) continue;
    if ('other' in term) {
      if (term.other === 'post_format') notes.push(`had the post format "${term.slug.replace(/^post-format-/, '')}"`);
      else
        notes.push(
          `had the term "${decodeSlug(term.slug)}" of the taxonomy "${term.other}", which Folio has no place for`,
        );
      continue;
    }
    if (term.record) yield term.record;
    if (!termKeys.includes(term.key)) termKeys.push(term.key);
  }
}
