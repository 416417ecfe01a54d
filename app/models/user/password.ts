/**
 * Password hashing with scrypt (memory-hard, in Node's crypto: no native
 * add-on to build). Stored as `scrypt$N$r$p$salt$hash`, so the cost can be
 * raised later while old hashes still verify.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const cost = { N: 2 ** 15, r: 8, p: 1 } as const; // 32 MiB per hash
const keyLength = 64;
export const minPasswordLength = 12;
export const maxPasswordLength = 1024;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** False for a wrong password and for hashes no password matches (locked accounts). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), { N: Number(N), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Why this password is not acceptable, or null. Any Unicode is fine; length is what counts. */
export function passwordProblem(password: string): string | null {
  const length = [...password.normalize('NFC')].length;
  if (length < minPasswordLength) return `Use at least ${minPasswordLength} characters; a passphrase of a few words is best.`;
  if (length > maxPasswordLength) return `Use at most ${maxPasswordLength} characters.`;
  return null;
}

function derive(password: string, salt: Buffer, options: ScryptOptions & { N: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, keyLength, { ...options, maxmem: 128 * options.N * (options.r ?? 8) * 2 }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}
