/**
 * The secret of an application password or an issued token: 160 random
 * bits as 32 base32 characters, shown once in groups of four ("ABCD EFGH
 * …") so a person can copy it by eye. WordPress-style, what the person
 * types back may keep the spaces or dashes, and any case: only the 32
 * characters count.
 */
import { createHash, randomBytes } from 'node:crypto';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** 20 bytes = 160 bits = exactly 32 base32 characters, no padding. */
const secretBytes = 20;
export const secretLength = 32;
/** How many leading characters the admin shows to tell passwords apart (20 of the 160 bits). */
const prefixLength = 4;

export function generateSecret(): string {
  const bytes = randomBytes(secretBytes);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

/** The secret as typed or pasted: spaces, dashes and case dropped. */
export function normalizeSecret(input: string): string {
  return input.replace(/[\s-]+/g, '').toUpperCase();
}

/** Whether `normalized` can be a secret at all (a long account password cannot). */
export function looksLikeSecret(normalized: string): boolean {
  return normalized.length === secretLength && /^[A-Z2-7]+$/.test(normalized);
}

/**
 * SHA-256 hex of the normalized secret: what is stored and looked up. The
 * secret is random, not a person's password, so a fast hash is enough, and
 * finding the row by this unique index leaks nothing through timing.
 */
export function hashSecret(input: string): string {
  return createHash('sha256').update(normalizeSecret(input)).digest('hex');
}

/** "ABCD EFGH IJKL …": the secret as shown once. */
export function displaySecret(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(' ') ?? secret;
}

export function prefixOf(secret: string): string {
  return secret.slice(0, prefixLength);
}
