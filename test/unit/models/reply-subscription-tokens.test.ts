import { describe, it, expect } from 'vitest';
import { createHmac } from 'node:crypto';
import { isSubscriptionToken, subscriptionIdIn, subscriptionToken } from '#app/models/reply-subscription/tokens.ts';

const secret = 'test-secret-that-is-long-enough-for-folio';
const subject = { id: 42, email: 'reader@example.net' };

describe('reply subscription tokens', () => {
  it('names the subscription and proves it for one purpose, address and secret', () => {
    const token = subscriptionToken(subject, 'confirm', secret);
    expect(token).toMatch(/^42\.[\w-]{43}$/);
    expect(subscriptionIdIn(token)).toBe(42);
    expect(isSubscriptionToken(token, subject, 'confirm', secret)).toBe(true);
    expect(isSubscriptionToken(token, { ...subject, email: 'READER@example.net' }, 'confirm', secret)).toBe(true);
    expect(isSubscriptionToken(token, subject, 'unsubscribe', secret)).toBe(false);
    expect(isSubscriptionToken(token, { ...subject, email: 'other@example.net' }, 'confirm', secret)).toBe(false);
    expect(isSubscriptionToken(token, { ...subject, id: 43 }, 'confirm', secret)).toBe(false);
    expect(isSubscriptionToken(token, subject, 'confirm', `${secret}!`)).toBe(false);
  });

  it('uses a key of its own, not the session secret itself', () => {
    const [, mac] = subscriptionToken(subject, 'unsubscribe', secret).split('.');
    const plain = createHmac('sha256', secret).update(`42\nreader@example.net\nunsubscribe`).digest('base64url');
    expect(mac).not.toBe(plain);
  });

  it('reads no id from anything not shaped like a token', () => {
    for (const bad of [
      '',
      '42',
      '42.',
      '0.' + 'a'.repeat(43),
      '042.' + 'a'.repeat(43),
      '42.' + 'a'.repeat(42),
      '4.2.x',
    ])
      expect(subscriptionIdIn(bad)).toBeNull();
    expect(isSubscriptionToken('42.short', subject, 'confirm', secret)).toBe(false);
  });
});
