/**
 * Cache hits counted as the activity series keeps them: how many, which
 * article pages were read (by path), and which other sites sent readers (by
 * host name). Nothing about a reader is kept.
 */
import type { CacheHit } from '#app/monitor/cache-hits/log-line.ts';
import { isArticlePath, referringSite } from '#app/monitor/reading.ts';

/**
 * Distinct referring sites kept per read: a Referer is whatever the client
 * says, and a flood of made-up ones must not grow the counts (and the
 * series) without bound. Real sites show up before the limit is reached.
 */
export const maxReferringSites = 1000;

export class HitCounts {
  hits = 0;
  // Maps, not objects: a Referer's host may be any name, "__proto__" too.
  readonly #reads = new Map<string, number>();
  readonly #referrers = new Map<string, number>();
  readonly #ownHost: string;

  /** `baseUrl`: the blog's own address, whose pages linking to each other are not referrals. */
  constructor(baseUrl: string) {
    this.#ownHost = new URL(baseUrl).hostname.toLowerCase();
  }

  add(hit: CacheHit): void {
    this.hits += 1;
    // HEAD, a 304 (the reader had the page) or an error is not a read.
    if (hit.method !== 'GET' || hit.status !== 200) return;
    if (isArticlePath(hit.path)) this.#reads.set(hit.path, (this.#reads.get(hit.path) ?? 0) + 1);
    const site = hit.referer === null ? null : referringSite(hit.referer, this.#ownHost);
    if (site === null) return;
    const count = this.#referrers.get(site);
    if (count !== undefined || this.#referrers.size < maxReferringSites) this.#referrers.set(site, (count ?? 0) + 1);
  }

  get reads(): Record<string, number> {
    return Object.fromEntries(this.#reads);
  }

  get referrers(): Record<string, number> {
    return Object.fromEntries(this.#referrers);
  }
}
