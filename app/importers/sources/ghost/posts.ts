/** A Ghost post or page as an article or page record, with the remarks it earns. */
import type { ImportedArticle, ImportedBody, ImportedPage, ImportedStatus } from '#app/importers/records.ts';
import { renderArticleMarkdown } from '#app/text-filters/markdown.ts';
import { dayInZone } from '../shared/dates.ts';
import { escapeHtml } from '../shared/text.ts';
import { renderLexical } from './lexical.ts';
import { renderMobiledoc } from './mobiledoc.ts';
import type { GhostDate, GhostPost } from './schema.ts';
import { resolveGhostUrls, type GhostSite } from './site.ts';

export interface PostLinks {
  authorKeys: string[];
  termKeys: string[];
  internalTags: string[];
  featureImageAlt?: string | null;
  featureImageCaption?: string | null;
}

export const postKey = (post: GhostPost): string => `post:${post.id}`;

export function ghostDate(value: GhostDate): Date | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function mapPost(post: GhostPost, links: PostLinks, site: GhostSite): ImportedArticle | ImportedPage {
  const notes: string[] = [];
  const title = post.title?.trim() || '(untitled)';
  const html = resolveGhostUrls(featureImage(post, links) + body(post, notes), site);
  const { status, statusNotes } = statusOf(post);
  notes.push(...statusNotes);
  if (post.codeinjection_head || post.codeinjection_foot)
    notes.push('had code injection (scripts or styles): not imported');
  if (links.authorKeys.length > 1)
    notes.push(`had ${links.authorKeys.length} authors: the first is its author in Folio`);
  for (const tag of links.internalTags) notes.push(`internal tag ${tag} not imported`);
  const slug = post.slug ?? '';
  const published = ghostDate(post.published_at);
  const common = {
    key: postKey(post),
    title,
    slug,
    body: { format: 'html', html } satisfies ImportedBody,
    status,
    createdAt: ghostDate(post.created_at),
    updatedAt: ghostDate(post.updated_at),
    // Only what the old site served publicly: a draft's /p/uuid/ preview was private.
    oldAddresses: status === 'published' && slug ? [`/${slug}`, `/${slug}/amp`] : [],
    ...(notes.length ? { notes } : {}),
  };
  if (isPage(post)) return { kind: 'page', ...common };
  return {
    kind: 'article',
    ...common,
    publishedAt: status === 'draft' ? undefined : published,
    publishedOn: published && status !== 'draft' ? dayInZone(published, site.timeZone) : undefined,
    authorKey: links.authorKeys[0],
    termKeys: links.termKeys,
    ...(post.custom_excerpt ? { excerpt: { format: 'html', html: escapeHtml(post.custom_excerpt) } } : {}),
  };
}

export function isPage(post: GhostPost): boolean {
  return post.type ? post.type === 'page' : Boolean(post.page);
}

function statusOf(post: GhostPost): { status: ImportedStatus; statusNotes: string[] } {
  const notes: string[] = [];
  let status: ImportedStatus =
    post.status === 'published' ? 'published' : post.status === 'scheduled' ? 'scheduled' : 'draft';
  if (post.status === 'sent') notes.push('was sent as an email only, never on the site: imported as a draft');
  else if (post.status && !['published', 'scheduled', 'draft'].includes(post.status)) {
    notes.push(`had Ghost status "${post.status}": imported as a draft`);
  }
  // Members-only content stays private rather than becoming public by moving.
  if (post.visibility && post.visibility !== 'public' && status !== 'draft') {
    notes.push(`was visible to ${post.visibility} only: imported as a draft so it is not made public`);
    status = 'draft';
  }
  return { status, statusNotes: notes };
}

function body(post: GhostPost, notes: string[]): string {
  const context = { note: (message: string) => notes.push(message) };
  if (post.html) return post.html;
  try {
    if (post.lexical) return renderLexical(post.lexical, context);
    if (post.mobiledoc) return renderMobiledoc(post.mobiledoc, context);
  } catch (error) {
    notes.push(
      `its ${post.lexical ? 'Lexical' : 'Mobiledoc'} body could not be read (${(error as Error).message}): imported empty`,
    );
    return '';
  }
  if (post.markdown) return renderArticleMarkdown(post.markdown);
  return '';
}

function featureImage(post: GhostPost, links: PostLinks): string {
  if (!post.feature_image) return '';
  const alt = links.featureImageAlt ?? post.feature_image_alt ?? '';
  const caption = links.featureImageCaption ?? post.feature_image_caption;
  return `<figure class="feature-image"><img src="${escapeHtml(post.feature_image)}" alt="${escapeHtml(alt)}">${
    caption ? `<figcaption>${caption}</figcaption>` : ''
  }</figure>\n`;
}
