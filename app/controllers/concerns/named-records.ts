/** The tag, section or author a public URL names (listings, feeds, Typo's feed URLs), or a 404 that says which. */
import { findTag } from '#app/models/tag.ts';
import { findSection } from '#app/models/section.ts';
import { findAuthor } from '#app/models/user.ts';
import { notFound, orNotFound } from '#app/middleware/http-errors.ts';

/** A tag only drafts or scheduled articles carry is no tag yet, as of `now`. */
export async function tagNamed(slug: string, now: Date) {
  return orNotFound(await findTag(slug, now), `There is no tag "${slug}".`);
}

export async function authorNamed(login: string) {
  return orNotFound(await findAuthor(login), `There is no author "${login}".`);
}

/** A section that lists articles ("page" sections show a page and have no feed). */
export async function blogSectionNamed(slug: string) {
  const section = await findSection(slug);
  if (!section || section.style !== 'blog') throw notFound(`There is no section "${slug}" with articles.`);
  return section;
}
