/**
 * A per-address limit on POST /webmention, counted in the database
 * (rate-limiter-flexible's Prisma store, as sign-in failures are) so every
 * worker shares it. Loose enough for a bridge backfeeding a burst of likes
 * from one address; tight enough that nobody can make the blog queue
 * thousands of fetches.
 */
import type { RateLimiterPrisma, RateLimiterRes } from 'rate-limiter-flexible';
import type * as RateLimiterFlexible from 'rate-limiter-flexible';
import { db } from '#app/models/db.ts';
import { lazy } from '#app/lazy.ts';

const loadRateLimiter = lazy<typeof RateLimiterFlexible>('rate-limiter-flexible');

export const webmentionLimit = { requests: 60, windowSeconds: 10 * 60 } as const;
export const webmentionLimitKeyPrefix = 'webmention-ip';

let limiter: RateLimiterPrisma | undefined;
function current(): RateLimiterPrisma {
  const { RateLimiterPrisma } = loadRateLimiter();
  limiter ??= new RateLimiterPrisma({
    storeClient: db,
    tableName: 'rateLimit',
    keyPrefix: webmentionLimitKeyPrefix,
    points: webmentionLimit.requests,
    duration: webmentionLimit.windowSeconds,
    clearExpiredByTimeout: false,
  });
  return limiter;
}

/** Counts one request from `ip`: 0 when it may go ahead, else whole seconds to wait (Retry-After). */
export async function webmentionWaitSeconds(ip: string): Promise<number> {
  try {
    await current().consume(ip, 1);
    return 0;
  } catch (rejection) {
    if (rejection instanceof Error) throw rejection;
    return Math.max(1, Math.ceil((rejection as RateLimiterRes).msBeforeNext / 1000));
  }
}

/** For tests that build a fresh database per file. */
export function forgetWebmentionLimiter(): void {
  limiter = undefined;
}
