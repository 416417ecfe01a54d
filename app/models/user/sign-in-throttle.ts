/**
 * Sign-in attempts are limited per address and per account, counted in the
 * database (rate-limiter-flexible's Prisma store), so every worker shares
 * the count. Success clears the account's count.
 */
import type { RateLimiterPrisma, RateLimiterRes } from 'rate-limiter-flexible';
import type * as RateLimiterFlexible from 'rate-limiter-flexible';
import { db } from '#app/models/db.ts';
import { lazy } from '#app/lazy.ts';

// Loaded by the first sign-in: reader-only workers never hold it.
const loadRateLimiter = lazy<typeof RateLimiterFlexible>('rate-limiter-flexible');

export const signInLimits = { perAddress: 30, perAccount: 8, windowSeconds: 15 * 60 } as const;

let limiters: { address: RateLimiterPrisma; account: RateLimiterPrisma } | undefined;
function current() {
  const { RateLimiterPrisma } = loadRateLimiter();
  limiters ??= {
    address: new RateLimiterPrisma({ storeClient: db, tableName: 'rateLimit', keyPrefix: 'sign-in-ip', points: signInLimits.perAddress, duration: signInLimits.windowSeconds, clearExpiredByTimeout: false }),
    account: new RateLimiterPrisma({ storeClient: db, tableName: 'rateLimit', keyPrefix: 'sign-in-login', points: signInLimits.perAccount, duration: signInLimits.windowSeconds, clearExpiredByTimeout: false }),
  };
  return limiters;
}

/** Seconds to wait before trying again, or 0 if this attempt may go ahead. */
export async function signInBlockedFor(ip: string, login: string): Promise<number> {
  const { address, account } = current();
  const [byAddress, byAccount] = await Promise.all([address.get(ip), account.get(login.toLowerCase())]);
  const blocked = [[byAddress, signInLimits.perAddress], [byAccount, signInLimits.perAccount]] as const;
  const waits = blocked.filter(([res, limit]) => res && res.consumedPoints >= limit).map(([res]) => Math.ceil((res as RateLimiterRes).msBeforeNext / 1000));
  return waits.length ? Math.max(1, ...waits) : 0;
}

export async function recordFailedSignIn(ip: string, login: string): Promise<void> {
  const { address, account } = current();
  await Promise.all([address.penalty(ip, 1), account.penalty(login.toLowerCase(), 1)]);
}

export async function recordSuccessfulSignIn(login: string): Promise<void> {
  await current().account.delete(login.toLowerCase());
}

/** For tests that build a fresh database per file. */
export function forgetSignInLimiters(): void {
  limiters = undefined;
}
