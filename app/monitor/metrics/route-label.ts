/**
 * The `route` label of a request: the pattern of the route that answered it
 * ("/:year/:month/:day/:slug", "/admin/articles/:id"), never the raw path, so
 * the series stay few whatever readers and crawlers ask for. "static" for a
 * file of public/, "unmatched" when no route took the request (a 404, or a
 * refusal before the routes).
 *
 * A mounted router's prefix is learnt once, when the app is built
 * (labelRoutes), because Express restores req.baseUrl as an error leaves the
 * router: at 'finish', a 500 from /admin/articles/:id would otherwise read
 * "/articles/:id".
 */
import type { Request, Response, Router } from 'express';

export const articlePermalink = '/:year/:month/:day/:slug';

const labels = new WeakMap<object, string>();
const servedStatic = new WeakSet<Response>();

/** Notes the full pattern of each of `router`'s routes, mounted at `prefix` ('' for the root). */
export function labelRoutes(router: Router, prefix: string): Router {
  for (const layer of router.stack) if (layer.route) labels.set(layer.route, prefix + String(layer.route.path));
  return router;
}

/** Called as public/'s file server takes the request; `undone` when it passes it on (no such file). */
export function markStatic(res: Response): void {
  servedStatic.add(res);
}

export function unmarkStatic(res: Response): void {
  servedStatic.delete(res);
}

export function routeLabel(req: Request, res: Response): string {
  const route = req.route as { path: unknown } | undefined;
  if (route) return labels.get(route) ?? req.baseUrl + String(route.path);
  return servedStatic.has(res) ? 'static' : 'unmatched';
}
