/**
 * Typo's feed URLs (`/xml/rss`, `/xml/atom10/feed.xml`, `/xml/rss20/tag/ruby/feed.xml`...),
 * moved permanently to the feed that replaced each, as Typo itself answered
 * them: a subscriber who moves a blog from Typo keeps the subscription. A
 * format, type or record Folio does not have is a 404, like any unknown URL.
 */
import type { Request, Response } from 'express';
import { findVisibleByIds } from '#app/models/article/reading.ts';
import { articlePath, tagPath, sectionPath, authorPath, feedPath, absoluteUrl } from '#app/helpers/permalinks.ts';
import type { FeedFormat } from '#app/feeds/index.ts';
import { appContext } from '#app/context.ts';
import { notFound } from '#app/middleware/http-errors.ts';
import { idParam } from '#app/controllers/concerns/params.ts';
import { tagNamed, blogSectionNamed, authorNamed } from '#app/controllers/concerns/named-records.ts';

/** GET /xml/rss, /xml/atom, /xml/:format/feed.xml, /xml/:format/feed/feed.xml: the blog's articles. */
export function articles(req: Request, res: Response) {
  moved(req, res, feedPath('/', typoFormat(req)));
}

/** GET /xml/:format/comments/feed.xml, /xml/commentrss/feed.xml: the newest comments. */
export function comments(req: Request, res: Response) {
  moved(req, res, feedPath('/comments', typoFormat(req)));
}

/** GET /xml/:format/article/:id/feed.xml, /xml/articlerss/:id/feed.xml: one article's comments, by Typo's article id. */
export async function articleComments(req: Request, res: Response) {
  const format = typoFormat(req);
  const missing = 'There is no article at this address.';
  const [article] = await findVisibleByIds([idParam(req, 'id', missing)]);
  if (!article) throw notFound(missing);
  moved(req, res, feedPath(articlePath(article), format));
}

/** GET /xml/:format/tag/:id/feed.xml */
export async function tag(req: Request, res: Response) {
  const format = typoFormat(req);
  const found = await tagNamed(String(req.params.id), appContext(req).clock.now());
  moved(req, res, feedPath(tagPath(found.slug), format));
}

/** GET /xml/:format/category/:id/feed.xml: Typo's categories are Folio's sections. */
export async function category(req: Request, res: Response) {
  const format = typoFormat(req);
  const found = await blogSectionNamed(String(req.params.id));
  moved(req, res, feedPath(sectionPath(found.slug), format));
}

/** GET /xml/:format/author/:id/feed.xml */
export async function author(req: Request, res: Response) {
  const format = typoFormat(req);
  const found = await authorNamed(String(req.params.id));
  moved(req, res, feedPath(authorPath(found.login), format));
}

// Typo's format names (its XmlController's NORMALIZED_FORMAT_FOR, less the sitemap and RSD).
const typoFormats: Record<string, FeedFormat> = {
  rss: 'rss',
  rss20: 'rss',
  atom: 'atom',
  atom10: 'atom',
  atom03: 'atom',
};

/** The route's Typo format; the articlerss/commentrss routes have none and were RSS. */
function typoFormat(req: Request): FeedFormat {
  if (req.params.format === undefined) return 'rss';
  const name = String(req.params.format);
  const format = Object.hasOwn(typoFormats, name) ? typoFormats[name] : undefined;
  if (!format) throw notFound(`There is no "${name}" feed; try atom or rss.`);
  return format;
}

function moved(req: Request, res: Response, path: string) {
  res.redirect(301, absoluteUrl(appContext(req).config.baseUrl, path));
}
