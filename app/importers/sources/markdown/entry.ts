/** One Markdown file as an article or page, with its author, terms, images and old addresses. */
import { basename, dirname, relative, sep } from 'node:path';
import type {
  ImportedArticle,
  ImportedAuthor,
  ImportedPage,
  ImportedRecord,
  ImportedTerm,
} from '#app/importers/records.ts';
import { parseIsoDate, publicationDay, type ParsedDate } from '../shared/dates.ts';
import { addresses, slugOf } from '../shared/text.ts';
import { convertBody } from './body.ts';
import { fmList, fmText, type FrontMatter } from './front-matter.ts';
import { findImages } from './images.ts';
import { hugoUrl, jekyllPageUrl, jekyllPostUrl, type UrlParts } from './permalinks.ts';
import type { MarkdownSite } from './site.ts';

export type FileRole = 'post' | 'draft' | 'page';

const DATED_NAME = /^(\d{4}-\d{2}-\d{2})-(.+)$/;

export function mapFile(
  file: string,
  role: FileRole,
  frontMatter: FrontMatter,
  body: string,
  site: MarkdownSite,
  now: Date,
): ImportedRecord[] {
  const path = relative(site.root, file).split(sep).join('/');
  const stem = basename(file).replace(/\.[^.]+$/, '');
  // Hugo page bundles are folders: content/posts/slug/index.md.
  const bundleName = /^_?index$/.test(stem) ? basename(dirname(file)) : stem;
  const dated = DATED_NAME.exec(bundleName);
  const slug = slugOf(fmText(frontMatter.slug) ?? dated?.[2] ?? bundleName) || 'untitled';
  // Without front matter, a leading "# Heading" is the title.
  const heading = fmText(frontMatter.title) ? undefined : /^#\s+(.+)\n+/.exec(body);
  if (heading) body = body.slice(heading[0].length);
  const title = fmText(frontMatter.title) ?? heading?.[1]?.trim() ?? humanize(dated?.[2] ?? bundleName);
  const date =
    dateOf(frontMatter.date ?? frontMatter.publishDate ?? frontMatter.pubDate, site) ?? dateOf(dated?.[1], site);
  const updated = dateOf(
    frontMatter.lastmod ?? frontMatter.last_modified_at ?? frontMatter.updated ?? frontMatter.modified,
    site,
  );
  const day = date ? publicationDay(date, site.timeZone) : undefined;

  const categories = [
    ...jekyllFolderCategories(path),
    ...fmList(frontMatter.categories ?? frontMatter.category, site.kind === 'jekyll' ? /\s+/ : /,\s*/),
  ];
  const tags = fmList(
    frontMatter.tags ?? frontMatter.tag ?? frontMatter.keywords,
    site.kind === 'jekyll' ? /\s+/ : /,\s*/,
  );
  const section =
    site.kind === 'hugo'
      ? path
          .replace(/^content\//, '')
          .split('/')
          .slice(0, -1)[0]
      : undefined;
  const parts: UrlParts = {
    day,
    time: date?.instant.toISOString().slice(11, 19),
    slug,
    title,
    categories,
    section,
    fileName: slugOf(bundleName),
  };
  const pathUrl =
    role === 'page'
      ? pageUrl(site, path, slug)
      : site.kind === 'jekyll'
        ? jekyllPostUrl(site, parts)
        : site.kind === 'hugo'
          ? hugoUrl(site, parts)
          : undefined;
  const declared = fmText(frontMatter.permalink) ?? fmText(frontMatter.url);
  const primaryUrl = declared ? site.basePath + (declared.startsWith('/') ? declared : `/${declared}`) : pathUrl;
  const aliases = [...fmList(frontMatter.aliases, /\s+/), ...fmList(frontMatter.redirect_from, /\s+/)];

  const converted = convertBody(body, site);
  const images = findImages(converted.source, file, primaryUrl ?? '/', site);
  const notes = [
    ...converted.notes,
    ...images.missing.map((image) => `shows ${image}, which is not in the folder: the link is kept as it was`),
  ];
  const author = authorOf(frontMatter);
  const terms = [
    ...categories.map((name): ImportedTerm => ({
      kind: 'term',
      key: `category:${slugOf(name)}`,
      taxonomy: 'category',
      name,
      slug: slugOf(name),
    })),
    ...tags.map((name): ImportedTerm => ({
      kind: 'term',
      key: `tag:${slugOf(name)}`,
      taxonomy: 'tag',
      name,
      slug: slugOf(name),
    })),
  ].filter((term) => term.slug);

  const draft = role === 'draft' || frontMatter.draft === true || frontMatter.published === false;
  if (role !== 'page' && !draft && !date) notes.push('has no date in its name or front matter: dated at import');
  const status = draft ? 'draft' : date && date.instant > now ? 'scheduled' : 'published';
  const excerptText = fmText(frontMatter.excerpt) ?? fmText(frontMatter.description) ?? fmText(frontMatter.summary);
  const common = {
    key: `file:${path}`,
    title,
    slug,
    body: { format: 'source' as const, source: images.source, textFilter: 'markdown' as const },
    status,
    createdAt: date?.instant,
    updatedAt: updated?.instant,
    // A draft had no public address; its aliases may still have been served.
    oldAddresses: addresses(...(draft ? [] : [primaryUrl]), ...aliases),
    ...(notes.length ? { notes } : {}),
  } as const;
  const record: ImportedArticle | ImportedPage =
    role === 'page'
      ? { kind: 'page', ...common }
      : {
          kind: 'article',
          ...common,
          publishedAt: draft ? undefined : (date?.instant ?? now),
          publishedOn: draft ? undefined : day,
          authorKey: author?.key,
          termKeys: terms.map((term) => term.key),
          ...(excerptText
            ? { excerpt: { format: 'source' as const, source: excerptText, textFilter: 'markdown' as const } }
            : {}),
        };
  return [...(author ? [author] : []), ...(role === 'page' ? [] : terms), ...images.attachments, record];
}

function dateOf(value: unknown, site: MarkdownSite): ParsedDate | undefined {
  const text = fmText(value);
  return text ? parseIsoDate(text, site.timeZone) : undefined;
}

function pageUrl(site: MarkdownSite, path: string, slug: string): string | undefined {
  if (site.kind === 'jekyll') return jekyllPageUrl(site, path);
  if (site.kind === 'hugo') return `${site.basePath}/${slug}/`;
  return undefined;
}

// Jekyll: folders above _posts are categories (blog/_posts/x.md is in "blog").
function jekyllFolderCategories(path: string): string[] {
  const index = path.split('/').indexOf('_posts');
  return index > 0 ? path.split('/').slice(0, index) : [];
}

function authorOf(frontMatter: FrontMatter): ImportedAuthor | undefined {
  const value =
    frontMatter.author ??
    (Array.isArray(frontMatter.authors) ? (frontMatter.authors as unknown[])[0] : frontMatter.authors);
  const record = typeof value === 'object' && value !== null ? (value as FrontMatter) : { name: value };
  const name = fmText(record.name) ?? fmText(record.display_name);
  const email = fmText(record.email) ?? '';
  const login = slugOf(fmText(record.login) ?? name ?? email.split('@')[0] ?? '');
  if (!login) return undefined;
  return { kind: 'author', key: `author:${login}`, login, displayName: name ?? login, email };
}

function humanize(slug: string): string {
  const words = slug.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
