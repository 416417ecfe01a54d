/**
 * The pages an article links to, the targets of its webmentions: every
 * absolute http(s) link of its rendered HTML, once each and without
 * fragment, except links to this blog itself (it knows its own mentions).
 */
import { elementsOf } from '#app/webmention/html-walk.ts';

/** More than this many targets in one article is not a blog post to notify about. */
export const maxTargets = 100;

export function linkTargets(html: string, ownBaseUrl?: string): string[] {
  const ownHost = ownBaseUrl ? new URL(ownBaseUrl).host : undefined;
  const targets = new Set<string>();
  for (const element of elementsOf(html, true)) {
    if (element.name !== 'a') continue;
    const target = absoluteHttpUrl(element.attribute('href'));
    if (!target || target.host === ownHost) continue;
    target.hash = '';
    targets.add(target.href);
    if (targets.size >= maxTargets) break;
  }
  return [...targets];
}

/** Whether the HTML links anywhere outside (the cheap check made when an article is saved). */
export function linksOutside(html: string): boolean {
  return linkTargets(html).length > 0;
}

function absoluteHttpUrl(href: string | undefined): URL | undefined {
  if (!href || !/^https?:\/\//i.test(href.trim())) return undefined;
  try {
    return new URL(href.trim());
  } catch {
    return undefined;
  }
}
