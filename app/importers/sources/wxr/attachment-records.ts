/**
 * Attachments (wp:post_type attachment): the uploaded file, found under
 * --uploads-dir by its path inside wp-content/uploads. WordPress records
 * that path in the _wp_attached_file postmeta; older exports only have the
 * URL. Its resized copies (cat-300x200.jpg), which bodies link to as often
 * as the original, are in _wp_attachment_metadata: their addresses go with
 * the attachment so old links to them keep working.
 */
import type { ImportedAttachment } from '#app/importers/records.ts';
import { childText, decodeEntities, postmeta, type WxrElement } from '#app/importers/sources/wxr/element.ts';
import { itemAddresses, pathOf } from '#app/importers/sources/wxr/old-addresses.ts';
import type { WxrSite } from '#app/importers/sources/wxr/site.ts';

export function attachmentRecord(item: WxrElement, site: WxrSite): ImportedAttachment {
  const id = childText(item, 'wp:post_id');
  const guid = childText(item, 'guid');
  const url = childText(item, 'wp:attachment_url') || guid;
  const title = decodeEntities(childText(item, 'title'));
  const attachedFile = postmeta(item, '_wp_attached_file')?.trim();
  const relativePath = attachedFile || uploadsPath(url);
  site.rememberAttachment(
    { id, url, title, caption: childText(item, 'excerpt:encoded') },
    childText(item, 'wp:post_parent'),
  );
  const addresses = itemAddresses(site.basePath, {
    id,
    postType: 'attachment',
    link: childText(item, 'link'),
    guid,
    slug: childText(item, 'wp:post_name'),
    public: true,
  });
  const filePath = pathOf(url);
  if (filePath) addresses.push(filePath, ...resizedCopies(filePath, postmeta(item, '_wp_attachment_metadata') ?? ''));
  const attachment: ImportedAttachment = {
    kind: 'attachment',
    key: `attachment:${id}`,
    url,
    relativePath,
    oldAddresses: [...new Set(addresses)],
  };
  if (title) attachment.title = title;
  const login = childText(item, 'dc:creator');
  if (login) attachment.uploaderKey = `user:${login}`;
  const createdAt = site.clock.instant(childText(item, 'wp:post_date'), childText(item, 'wp:post_date_gmt'));
  if (createdAt) attachment.createdAt = createdAt;
  return attachment;
}

/** The file's path inside the uploads folder, from its URL ("…/wp-content/uploads/2009/05/cat.jpg" → "2009/05/cat.jpg"). */
export function uploadsPath(url: string): string {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url, 'http://placeholder.invalid').pathname);
  } catch {
    path = url;
  }
  // Single sites, multisite's sites/N (inside the copy given), and old multisite's blogs.dir/N/files and /files/.
  const marker = /\/wp-content\/uploads\/(?:sites\/\d+\/)?|\/wp-content\/blogs\.dir\/\d+\/files\/|^\/files\//.exec(
    path,
  );
  return marker ? path.slice(marker.index + marker[0].length) : (path.split('/').pop() ?? '');
}

/** The resized copies' paths, next to the original: PHP-serialized metadata names each size's "file". */
function resizedCopies(filePath: string, metadata: string): string[] {
  const folder = filePath.slice(0, filePath.lastIndexOf('/') + 1);
  const names = [...metadata.matchAll(/s:\d+:"(?:file|original_image)";s:\d+:"([^"]+)"/g)].map((m) => m[1] ?? '');
  return [...new Set(names.filter((name) => name && !name.includes('/')).map((name) => folder + name))].filter(
    (path) => path !== filePath,
  );
}
