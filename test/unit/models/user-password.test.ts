import { describe, it, expect } from 'vitest';
import { scrypt, randomBytes } from 'node:crypto';
import {
  hashPassword,
  verifyPassword,
  needsRehash,
  passwordProblem,
  defaultScryptCost,
} from '#app/models/user/password.ts';

describe('password hashing', () => {
  // This file never lowers the cost (test/support/app.ts does, for request tests): what it hashes is what production stores.
  // Three hashes at full cost: about a second each on an idle core, several times that on a loaded one.
  it('hashes at OWASP’s scrypt cost by default (N=2^17, r=8, p=1), above Node’s 32 MiB maxmem, and verifies', async () => {
    expect(defaultScryptCost).toEqual({ N: 2 ** 17, r: 8, p: 1 });
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', stored)).toBe(false);
    expect(needsRehash(stored)).toBe(false);
  }, 60_000);

  it('still verifies a hash made at the former cost (N=2^15), and says it needs rehashing', async () => {
    const salt = randomBytes(16);
    const key = await new Promise<Buffer>((resolve, reject) =>
      scrypt('an older passphrase', salt, 64, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }, (e, k) =>
        e ? reject(e) : resolve(k),
      ),
    );
    const old = ['scrypt', 2 ** 15, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
    expect(await verifyPassword('an older passphrase', old)).toBe(true);
    expect(await verifyPassword('another passphrase', old)).toBe(false);
    expect(needsRehash(old)).toBe(true);
  });

  it('matches no password against a locked hash', async () => {
    expect(await verifyPassword('anything at all here', '!locked')).toBe(false);
    expect(needsRehash('!locked')).toBe(false);
  });
});

describe('the password rule', () => {
  it.each(['password1234', '123456789012', 'Password1234!', 'qwertyuiop12', 'iloveyou1234', 'aaaaaaaaaaaaaaaa'])(
    'refuses %j as common or breached',
    (password) => {
      expect(passwordProblem(password)).toMatch(/too easy to guess/);
    },
  );

  it('refuses the account’s own email or login as its password', () => {
    expect(passwordProblem('margaret.hamilton@example.com', ['mhamilton', 'margaret.hamilton@example.com'])).toMatch(
      /too easy to guess/,
    );
    expect(passwordProblem('margaret.hamilton@example.com')).toBeNull();
  });

  it.each(['pw\npw and more words', 'a long passphrase\r', 'tab\tseparated words', 'line\u2028separator words'])(
    'refuses %j: a line break or control character',
    (password) => {
      expect(passwordProblem(password)).toBe('A password cannot contain line breaks or other control characters.');
    },
  );

  it.each(['correct horse battery staple', 'ünïcödé passphrase ✓', 'the second passphrase'])(
    'accepts the passphrase %j',
    (password) => {
      expect(passwordProblem(password)).toBeNull();
    },
  );

  it('asks for at least 12 characters, counting characters rather than bytes', () => {
    expect(passwordProblem('short')).toMatch(/at least 12 characters/);
    expect(passwordProblem('✓'.repeat(11))).toMatch(/at least 12 characters/);
  });
});
