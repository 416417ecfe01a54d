/** The shape every article listing shares: home, archives, tags, sections, authors. */
import type { Request, Response } from 'express';
import { listVisibleArticles, type ListingFilter } from '#app/models/article/reading.ts';
import { currentSettings } from '#app/models/settings.ts';
import { appContext } from '#app/context.ts';
import { newest } from '#app/models/changes.ts';
import { presentArticle } from '#app/presenters/article.ts';
import { feedLinks } from '#app/presenters/site.ts';
import { pagination } from '#app/helpers/pagination.ts';
import { renderPage } from '#app/themes/page.ts';
import { pageParam, ensurePageExists } from '#app/controllers/concerns/params.ts';
import { pageUses } from '#app/page-cache/index.ts';

export interface ListingPage {
  filter: ListingFilter;
  basePath: string;
  heading: string | null;
  title?: string;
  /** The listing's own feeds, when it has them. */
  feed?: { basePath: string; title: string };
  /** For the page cache: the listing's key and the records it is about (see app/page-cache/keys.ts). */
  uses: string[];
}

export async function renderListing(req: Request, res: Response, listing: ListingPage): Promise<void> {
  const page = pageParam(req);
  const { articlesPerPage } = await currentSettings();
  const { articles, hasOlder } = await listVisibleArticles(
    listing.filter,
    page,
    articlesPerPage,
    appContext(req).clock.now(),
  );
  ensurePageExists(page, articles.length);
  const views = articles.map(presentArticle);
  pageUses(res)
    .add(...listing.uses)
    .articles(articles);
  await renderPage(
    req,
    res,
    'index',
    {
      articles: views,
      heading: listing.heading,
      pagination: pagination(listing.basePath, page, hasOlder),
    },
    {
      title:
        [listing.title ?? listing.heading, page > 1 ? `page ${page}` : null].filter(Boolean).join(', ') || undefined,
      feeds: listing.feed ? feedLinks(listing.feed.basePath, listing.feed.title) : undefined,
      lastModified: newest(views.map((a) => a.updatedAt)),
    },
  );
}
