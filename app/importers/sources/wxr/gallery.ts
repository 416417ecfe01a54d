/**
 * [gallery] as the images it showed: the ids it lists (ids="1,2" or
 * include=), else the images attached to its post, as WordPress chose
 * them. Images not in the export are reported.
 */
import type { BodyContext } from '#app/importers/sources/wxr/body/context.ts';
import type { Expansion, Shortcode } from '#app/importers/sources/wxr/body/shortcodes.ts';
import { escapeHtml } from '#app/importers/sources/wxr/element.ts';
import type { AttachmentFacts, WxrSite } from '#app/importers/sources/wxr/site.ts';

const imageFile = /\.(?:jpe?g|png|gif|webp|avif|bmp|svg)(?:\?|$)/i;

export function galleryContext(site: WxrSite, postId: string, note: (message: string) => void): BodyContext {
  return {
    note,
    reusableBlock: (id) => site.reusableBlocks.get(id),
    gallery: (shortcode) => gallery(shortcode, site, postId, note),
  };
}

function gallery(shortcode: Shortcode, site: WxrSite, postId: string, note: (message: string) => void): Expansion {
  const listed = idList(shortcode.attrs.ids ?? shortcode.attrs.include);
  const excluded = new Set(idList(shortcode.attrs.exclude));
  const ids = (listed.length ? listed : (site.attachmentsByParent.get(shortcode.attrs.id ?? postId) ?? [])).filter(
    (id) => !excluded.has(id),
  );
  const missing = ids.filter((id) => !site.attachments.has(id));
  if (missing.length) note(`[gallery] shows attachments not in the export (${missing.join(', ')}): left out`);
  const images = ids
    .map((id) => site.attachments.get(id))
    .filter((a): a is AttachmentFacts => a !== undefined && imageFile.test(a.url));
  if (!images.length) {
    note('[gallery] has no images in the export: left out');
    return { html: '', block: true };
  }
  const figures = images.map((image) => {
    const url = escapeHtml(image.url);
    const caption = image.caption ? `<figcaption>${image.caption}</figcaption>` : '';
    return `<figure class="gallery-item"><a href="${url}"><img src="${url}" alt="${escapeHtml(image.title)}" /></a>${caption}</figure>`;
  });
  return { html: `<div class="gallery">${figures.join('')}</div>`, block: true };
}

function idList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => /^\d+$/.test(id));
}
