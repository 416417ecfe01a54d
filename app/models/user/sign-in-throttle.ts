/**
 * Failed sign-ins are counted in the database (rate-limiter-flexible's
 * Prisma store), so every worker shares the count. Following that library's
 * "login endpoint protection" pattern, two counts slow a guesser down:
 *
 * - per account *from one address*: a few failures, then that address waits
 *   for that account. The owner, at another address, is not locked out by
 *   someone else's guessing; their own success clears their count.
 * - per address, whatever the account: a looser limit over a longer window,
 *   against one address trying many accounts.
 *
 * There is deliberately no account-wide lock: it would let anyone lock the
 * owner out. A guesser spread over many addresses still gets only a few
 * tries from each, against passwords that are long and not on breach lists.
 */
import type { RateLimiterPrisma, RateLimiterRes } from 'rate-limiter-flexible';
import type * as RateLimiterFlexible from 'rate-limiter-flexible';
import { db } from '#app/models/db.ts';
import { normalizeLogin } from '#app/models/user.ts';
import { lazy } from '#app/lazy.ts';

// Loaded by the first sign-in: reader-only workers never hold it.
const loadRateLimiter = lazy<typeof RateLimiterFlexible>('rate-limiter-flexible');

export const signInLimits = {
  perAccountAndAddress: { failures: 8, windowSeconds: 15 * 60 },
  perAddress: { failures: 100, windowSeconds: 24 * 60 * 60 },
} as const;

let limiters: { accountAndAddress: RateLimiterPrisma; address: RateLimiterPrisma } | undefined;
function current() {
  const { RateLimiterPrisma } = loadRateLimiter();
  const limiter = (keyPrefix: string, { failures, windowSeconds }: { failures: number; windowSeconds: number }) =>
    new RateLimiterPrisma({
      storeClient: db,
      tableName: 'rateLimit',
      keyPrefix,
      points: failures,
      duration: windowSeconds,
      clearExpiredByTimeout: false,
    });
  limiters ??= {
    accountAndAddress: limiter('sign-in-login-ip', signInLimits.perAccountAndAddress),
    address: limiter('sign-in-ip', signInLimits.perAddress),
  };
  return limiters;
}

/** Whole seconds to wait before trying again (what `Retry-After` says), or 0 if this attempt may go ahead. */
export async function signInBlockedFor(ip: string, login: string): Promise<number> {
  const { accountAndAddress, address } = current();
  const [byPair, byAddress] = await Promise.all([accountAndAddress.get(pairKey(ip, login)), address.get(ip)]);
  const counts = [
    [byPair, signInLimits.perAccountAndAddress.failures],
    [byAddress, signInLimits.perAddress.failures],
  ] as const;
  const waits = counts
    .filter(([res, limit]) => res && res.consumedPoints >= limit)
    .map(([res]) => Math.ceil((res as RateLimiterRes).msBeforeNext / 1000));
  return waits.length ? Math.max(1, ...waits) : 0;
}

export async function recordFailedSignIn(ip: string, login: string): Promise<void> {
  const { accountAndAddress, address } = current();
  await Promise.all([accountAndAddress.penalty(pairKey(ip, login), 1), address.penalty(ip, 1)]);
}

/** Success clears this account's count from this address (not the address's count, which spans accounts). */
export async function recordSuccessfulSignIn(ip: string, login: string): Promise<void> {
  await current().accountAndAddress.delete(pairKey(ip, login));
}

/** For tests that build a fresh database per file. */
export function forgetSignInLimiters(): void {
  limiters = undefined;
}

// The login as authentication sees it, so "Ada " counts as "ada".
function pairKey(ip: string, login: string): string {
  return JSON.stringify([normalizeLogin(login), ip]);
}
