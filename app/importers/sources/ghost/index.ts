/**
 * Ghost's JSON export (Ghost 0.x to 6): users, tags, posts and pages
 * (HTML, else Lexical or Mobiledoc rendered), members' comments (Ghost 5),
 * and the addresses Ghost served them at.
 */
import type { ImportedComment, ImportedRecord } from '#app/importers/records.ts';
import type { ImportOptions, ImportSource, ReadProgress, SourceItem } from '#app/importers/source.ts';
import { imageAttachments } from './images.ts';
import { ghostDate, isPage, mapPost, postKey, type PostLinks } from './posts.ts';
import { readGhostExport, type GhostExport } from './read-export.ts';
import type { GhostComment, GhostData, GhostId } from './schema.ts';
import { ghostSite, resolveGhostUrls, type GhostSite } from './site.ts';

export function openGhost(path: string, options: ImportOptions): ImportSource {
  return {
    async *items(onRead?: (progress: ReadProgress) => void): AsyncIterable<SourceItem> {
      const exported = await readGhostExport(path);
      onRead?.({ done: exported.bytes, total: exported.bytes, unit: 'bytes' });
      yield* ghostItems(exported, options);
    },
  };
}

function* ghostItems(exported: GhostExport, options: ImportOptions): Generator<SourceItem> {
  const { data } = exported;
  const site = ghostSite(exported);
  yield { kind: 'source', identity: site.identity, title: site.title, link: site.url };
  const { authorKeys, tagKeys, internalTags } = yield* peopleAndTags(data);
  const links = postLinks(data, authorKeys, tagKeys, internalTags);
  const images = imageAttachments(options.uploadsDir);
  const imported = new Set<string>();
  for (const post of data.posts) {
    const record = mapPost(post, links(post.id), site);
    if (record.kind === 'article' && !post.title?.trim() && record.body.format === 'html' && !record.body.html) {
      yield {
        kind: 'skipped',
        key: record.key,
        what: 'post',
        title: '(untitled)',
        reason: 'it has no title and no content',
      };
      continue;
    }
    if (record.body.format === 'html') yield* images.inBody(record.body.html);
    imported.add(record.key);
    yield record;
  }
  if (!images.enabled && images.seen) {
    yield {
      kind: 'note',
      message:
        'posts show images from /content/images/: they stay at their old addresses. To bring them over, import again with --uploads-dir pointing at a copy of content/images',
    };
  }
  yield* comments(data, site, imported);
  yield { kind: 'redirect', key: 'redirect:/rss', from: '/rss', to: { type: 'feed' } };
  const pages = data.posts.filter(isPage).length;
  if (pages) yield { kind: 'note', message: `${pages} Ghost pages imported as Folio pages` };
}

type Keys = Map<string, string>;

function* peopleAndTags(
  data: GhostData,
): Generator<ImportedRecord | SourceItem, { authorKeys: Keys; tagKeys: Keys; internalTags: Keys }> {
  const authorKeys: Keys = new Map();
  for (const user of data.users ?? []) {
    const key = `user:${user.id}`;
    authorKeys.set(String(user.id), key);
    const login = user.slug || user.email?.split('@')[0] || String(user.id);
    yield {
      kind: 'author',
      key,
      login,
      displayName: user.name || login,
      email: user.email ?? '',
      oldAddresses: user.slug ? [`/author/${user.slug}`, `/author/${user.slug}/rss`] : [],
    };
  }
  const tagKeys: Keys = new Map();
  const internalTags: Keys = new Map();
  for (const tag of data.tags ?? []) {
    const name = tag.name ?? tag.slug ?? String(tag.id);
    // Internal tags (#name, visibility "internal") drove Ghost's themes and routes; they had no public page.
    if (tag.visibility === 'internal' || name.startsWith('#')) {
      internalTags.set(String(tag.id), name);
      yield {
        kind: 'skipped',
        key: `tag:${tag.id}`,
        what: 'tag',
        title: name,
        reason: 'an internal Ghost tag (#name): used for theming, never shown',
      };
      continue;
    }
    const key = `tag:${tag.id}`;
    tagKeys.set(String(tag.id), key);
    const slug = tag.slug ?? '';
    yield {
      kind: 'term',
      key,
      taxonomy: 'tag',
      name,
      slug,
      oldAddresses: slug ? [`/tag/${slug}`, `/tag/${slug}/rss`] : [],
    };
  }
  return { authorKeys, tagKeys, internalTags };
}

function postLinks(data: GhostData, authorKeys: Keys, tagKeys: Keys, internalTags: Keys): (id: GhostId) => PostLinks {
  const sorted = <T extends { post_id: GhostId; sort_order?: number }>(rows: T[] | undefined): Map<string, T[]> => {
    const byPost = new Map<string, T[]>();
    for (const row of [...(rows ?? [])].sort((a, b) => (a.sort_order ?? 0) - (b.sort_order ?? 0))) {
      const list = byPost.get(String(row.post_id)) ?? [];
      list.push(row);
      byPost.set(String(row.post_id), list);
    }
    return byPost;
  };
  const authors = sorted(data.posts_authors);
  const tags = sorted(data.posts_tags);
  const meta = new Map((data.posts_meta ?? []).map((row) => [String(row.post_id), row]));
  const legacyAuthor = new Map(data.posts.map((post) => [String(post.id), post.author_id]));
  return (id) => {
    const postId = String(id);
    const authorIds = authors.get(postId)?.map((row) => String(row.author_id)) ?? [];
    // Ghost 0.x–2 kept one author on the post itself.
    if (!authorIds.length && legacyAuthor.get(postId) !== undefined) authorIds.push(String(legacyAuthor.get(postId)));
    const tagIds = tags.get(postId)?.map((row) => String(row.tag_id)) ?? [];
    return {
      authorKeys: authorIds.flatMap((authorId) => authorKeys.get(authorId) ?? []),
      termKeys: tagIds.flatMap((tagId) => tagKeys.get(tagId) ?? []),
      internalTags: tagIds.flatMap((tagId) => internalTags.get(tagId) ?? []),
      featureImageAlt: meta.get(postId)?.feature_image_alt,
      featureImageCaption: meta.get(postId)?.feature_image_caption,
    };
  };
}

const COMMENT_STATUS: Record<string, ImportedComment['status']> = { published: 'approved', hidden: 'pending' };

function* comments(data: GhostData, site: GhostSite, imported: Set<string>): Generator<SourceItem> {
  const members = new Map((data.members ?? []).map((member) => [String(member.id), member]));
  for (const comment of data.comments ?? []) {
    const key = `comment:${comment.id}`;
    const articleKey = postKey({ id: comment.post_id });
    const status = COMMENT_STATUS[comment.status ?? 'published'];
    if (!status || !imported.has(articleKey)) {
      const reason = !status ? `its status was "${comment.status}"` : 'its post was not imported';
      yield { kind: 'skipped', key, what: 'comment', title: `comment ${comment.id}`, reason };
      continue;
    }
    yield mapComment(comment, articleKey, status, members.get(String(comment.member_id)), site);
  }
}

function mapComment(
  comment: GhostComment,
  articleKey: string,
  status: ImportedComment['status'],
  member: { name?: string | null; email?: string } | undefined,
  site: GhostSite,
): ImportedComment {
  const parent = comment.in_reply_to_id ?? comment.parent_id;
  return {
    kind: 'comment',
    key: `comment:${comment.id}`,
    articleKey,
    commentKind: 'comment',
    authorName: member?.name || member?.email?.split('@')[0] || 'Anonymous',
    email: member?.email ?? '',
    url: '',
    html: resolveGhostUrls(comment.html ?? '', site),
    status,
    createdAt: ghostDate(comment.created_at) ?? new Date(0),
    ...(parent ? { parentKey: `comment:${parent}` } : {}),
  };
}
