import { describe, it, expect } from 'vitest';
import {
  displaySecret,
  generateSecret,
  hashSecret,
  looksLikeSecret,
  normalizeSecret,
  prefixOf,
} from '#app/models/app-password/secret.ts';

describe('application password secrets', () => {
  it('are 32 base32 characters (160 bits), different every time', () => {
    const secrets = new Set(Array.from({ length: 200 }, generateSecret));
    expect(secrets.size).toBe(200);
    for (const secret of secrets) expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  });

  it('read back the same with or without spaces and dashes, in any case', () => {
    const secret = generateSecret();
    const shown = displaySecret(secret);
    expect(shown).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
    for (const typed of [secret, shown, shown.toLowerCase(), shown.replaceAll(' ', '-'), ` ${shown}\n`])
      expect(hashSecret(typed)).toBe(hashSecret(secret));
    expect(normalizeSecret(shown)).toBe(secret);
    expect(hashSecret(secret)).toMatch(/^[0-9a-f]{64}$/);
    expect(prefixOf(secret)).toBe(secret.slice(0, 4));
  });

  it('tell a secret from an account password before any lookup', () => {
    expect(looksLikeSecret(normalizeSecret(displaySecret(generateSecret())))).toBe(true);
    expect(looksLikeSecret('a long passphrase for my blog')).toBe(false);
    expect(looksLikeSecret('A'.repeat(31))).toBe(false);
    expect(looksLikeSecret('1'.repeat(32))).toBe(false);
  });
});
