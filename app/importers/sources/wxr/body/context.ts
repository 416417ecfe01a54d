/** What converting one body needs from the rest of the export, and where its remarks go. */
import type { Expansion, Shortcode } from '#app/importers/sources/wxr/body/shortcodes.ts';

export interface BodyContext {
  /** A remark about this body (an unknown shortcode, a dynamic block): reported with the item. */
  note(message: string): void;
  /** [gallery]: the images it showed, when the export has them. */
  gallery(shortcode: Shortcode): Expansion | undefined;
  /** A reusable block's (wp_block) stored markup, by post id. */
  reusableBlock(id: string): string | undefined;
}
