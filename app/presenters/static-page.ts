/** The `page` template's data: a static page, at /pages/:slug or as a "page" section. */
import type { StaticPageData } from '#app/presenters/template-data.ts';

export function presentStaticPage(page: { title: string; bodyHtml: string }): StaticPageData {
  return { staticPage: { title: page.title, bodyHtml: page.bodyHtml } };
}
