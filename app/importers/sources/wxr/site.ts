/**
 * What the WXR source remembers while it streams: the channel's header,
 * which authors and terms it has already yielded (so a term only named on
 * an item, as older exports do, is yielded once before the item), the
 * attachments and reusable blocks later bodies may show, the blog's clock,
 * and the few items held back until the end because they show items the
 * file has not reached yet. All small: ids, slugs and URLs, never bodies
 * (but the held-back ones).
 */
import type { ImportOptions } from '#app/importers/source.ts';
import type { WxrElement } from '#app/importers/sources/wxr/element.ts';
import { basePathOf } from '#app/importers/sources/wxr/old-addresses.ts';
import { BlogClock } from '#app/importers/sources/wxr/wp-dates.ts';

export interface AttachmentFacts {
  id: string;
  url: string;
  title: string;
  caption: string;
}

export class WxrSite {
  title = '';
  link = '';
  blogUrl = '';
  readonly clock = new BlogClock();
  /** Keys already yielded: "user:ada", "category:news", "tag:cats". */
  readonly yielded = new Set<string>();
  /** Category nicename → its parent's nicename, for /category/parent/child/ paths. */
  readonly categoryParents = new Map<string, string>();
  readonly attachments = new Map<string, AttachmentFacts>();
  readonly attachmentsByParent = new Map<string, string[]>();
  readonly reusableBlocks = new Map<string, string>();
  /** Items whose bodies show what comes later in the file: mapped when the file has been read. */
  readonly heldBack: WxrElement[] = [];
  /** True once the whole file has been read (held-back items are being mapped). */
  fileRead = false;

  constructor(readonly options: ImportOptions) {}

  /** The blog's own address: wp:base_blog_url (a blog can live under the site, at /blog), else the channel's link. */
  get blogAddress(): string {
    return this.blogUrl || this.link;
  }

  get basePath(): string {
    return basePathOf(this.blogAddress);
  }

  /** The category's nicenames from the root down ("parent", "child"); a loop in bad data stops. */
  categoryPath(nicename: string): string[] {
    const path = [nicename];
    let parent = this.categoryParents.get(nicename);
    while (parent && !path.includes(parent) && path.length < 20) {
      path.unshift(parent);
      parent = this.categoryParents.get(parent);
    }
    return path;
  }

  rememberAttachment(facts: AttachmentFacts, parentId: string): void {
    this.attachments.set(facts.id, facts);
    if (parentId && parentId !== '0') {
      const siblings = this.attachmentsByParent.get(parentId) ?? [];
      siblings.push(facts.id);
      this.attachmentsByParent.set(parentId, siblings);
    }
  }
}
