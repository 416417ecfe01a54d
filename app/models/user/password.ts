/**
 * Password hashing with scrypt (memory-hard, in Node's crypto: no native
 * add-on to build). Stored as `scrypt$N$r$p$salt$hash`, so the cost can be
 * raised while old hashes still verify; `needsRehash` says when a hash was
 * made at a lower cost than today's, and sign-in rehashes it.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import type * as ZxcvbnCore from '@zxcvbn-ts/core';
import type * as ZxcvbnCommon from '@zxcvbn-ts/language-common';
import { lazy, once } from '#app/lazy.ts';

/** OWASP Password Storage Cheat Sheet's scrypt figure: N=2^17 (128 MiB), r=8, p=1. */
export const defaultScryptCost: Readonly<ScryptCost> = Object.freeze({ N: 2 ** 17, r: 8, p: 1 });
let cost: Readonly<ScryptCost> = defaultScryptCost;
const keyLength = 64;
export const minPasswordLength = 12;
export const maxPasswordLength = 1024;

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/**
 * The test suite hashes hundreds of passwords, at over a second each on a
 * busy machine at OWASP's cost: test/support/app.ts lowers it there (as
 * Rails' `min_cost` does in its test environment). Nothing else calls this.
 */
export function useScryptCostForTests(lower: Readonly<ScryptCost>): void {
  cost = lower;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return format(cost, salt, await derive(password, salt, cost));
}

/** False for a wrong password and for hashes no password matches (locked accounts). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const actual = await derive(password, parsed.salt, parsed.cost);
  return actual.length === parsed.hash.length && timingSafeEqual(actual, parsed.hash);
}

/** Whether a (verified) hash was made at a lower cost than today's, so should be made again. */
export function needsRehash(stored: string): boolean {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const { N, r, p } = parsed.cost;
  return N < cost.N || r < cost.r || p < cost.p;
}

/** A hash at today's cost that no password matches: unknown logins verify against it, so timing does not tell them apart. */
export function unmatchableHash(): string {
  return format(cost, randomBytes(16), randomBytes(keyLength));
}

/**
 * Why this password is not acceptable, or null. Any Unicode is fine and
 * length is what counts, but not line breaks or other control characters
 * (no browser field or terminal line can carry them, so nobody could type
 * it again), and not a password that is, or is close to, one of the
 * commonly used and breached ones (zxcvbn's list, with `related` words
 * such as the login and email counted as known to a guesser).
 */
export function passwordProblem(password: string, related: string[] = []): string | null {
  const length = [...password.normalize('NFC')].length;
  if (length < minPasswordLength)
    return `Use at least ${minPasswordLength} characters; a passphrase of a few words is best.`;
  if (length > maxPasswordLength) return `Use at most ${maxPasswordLength} characters.`;
  if (/[\p{Cc}\u2028\u2029]/u.test(password))
    return 'A password cannot contain line breaks or other control characters.';
  if (strength().check(password, related.filter(Boolean)).score < safeScore) {
    return 'That password is too easy to guess: it is, or is close to, one of the passwords most often used and leaked. A passphrase of a few unrelated words is best.';
  }
  return null;
}

// zxcvbn's score 3 is "safely unguessable: moderate protection from an offline slow-hash scenario" (10^8 guesses or more).
const safeScore = 3;

// Built by the first password check (about half a second: the lists are
// decompressed and ranked): reader-only workers never hold them.
const loadCore = lazy<typeof ZxcvbnCore>('@zxcvbn-ts/core');
const loadCommon = lazy<typeof ZxcvbnCommon>('@zxcvbn-ts/language-common');
const strength = once((): ZxcvbnFactory => {
  const common = loadCommon();
  return new (loadCore().ZxcvbnFactory)({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs });
});

function format(cost: ScryptCost, salt: Buffer, hash: Buffer): string {
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

function parseHash(stored: string): { cost: ScryptCost; salt: Buffer; hash: Buffer } | null {
  const [scheme, N, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return null;
  return {
    cost: { N: Number(N), r: Number(r), p: Number(p) },
    salt: Buffer.from(salt, 'base64'),
    hash: Buffer.from(hash, 'base64'),
  };
}

function derive(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const { N, r, p } = cost;
  // scrypt needs 128·N·r bytes; Node refuses anything over maxmem (32 MiB by
  // default), so allow what these parameters need, with room to spare.
  const maxmem = 2 * 128 * N * r;
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, keyLength, { N, r, p, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}
