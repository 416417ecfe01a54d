/**
 * The routes that matter for deciding whether a release may serve: the
 * home page, the newest article, the main feed and the admin's way in. Each
 * must answer 200 with a non-empty body of its content type. Shared by both
 * checks of `release:check` (the new release in-process before the switch,
 * every worker after the restart).
 */
import { listVisibleArticles } from '#app/models/article/reading.ts';
import { countAdmins } from '#app/models/user.ts';
import { articlePath } from '#app/helpers/permalinks.ts';

export type ExpectedType = 'html' | 'atom';

export interface HealthRoute {
  readonly path: string;
  readonly expect: ExpectedType;
}

export interface RoutePlan {
  readonly routes: readonly HealthRoute[];
  /** Routes left out and why, to print before the checks ("no article to check"). */
  readonly skipped: readonly string[];
}

/** What each expected type must answer with (the media type, parameters aside). */
export const expectedMediaTypes: Readonly<Record<ExpectedType, string>> = Object.freeze({
  html: 'text/html',
  atom: 'application/atom+xml',
});

/** The routes to check on this blog, asked of the model layer (needs a connected database). */
export async function routesThatMatter(now = new Date()): Promise<RoutePlan> {
  const routes: HealthRoute[] = [{ path: '/', expect: 'html' }];
  const skipped: string[] = [];
  const [newest] = (await listVisibleArticles({ kind: 'all' }, 1, 1, now)).articles;
  if (newest) routes.push({ path: articlePath(newest), expect: 'html' });
  else skipped.push('no article to check');
  routes.push({ path: '/articles.atom', expect: 'atom' });
  // Until the first administrator exists, sign-in redirects to the setup page, which is then the way in.
  routes.push({ path: (await countAdmins()) === 0 ? '/admin/setup' : '/admin/sign-in', expect: 'html' });
  return { routes, skipped };
}
