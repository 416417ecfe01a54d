import { describe, it, expect } from 'vitest';
import type { LookupAddress } from 'node:dns';
import { checkedUrl, guardedLookup } from '#app/net/connect-guard.ts';
import { OutboundRefused } from '#app/net/refusal.ts';

type Outcome = { error: NodeJS.ErrnoException | null; address: string | LookupAddress[] };

function lookup(host: string, allowPrivate: boolean, all: boolean): Promise<Outcome> {
  return new Promise((resolve) =>
    guardedLookup(new URL(`http://${host}/`), allowPrivate)(host, { all }, (error, address) =>
      resolve({ error, address }),
    ),
  );
}

describe('guardedLookup', () => {
  it('refuses a name that resolves to loopback, in both the one-address and every-address forms net asks for', async () => {
    for (const all of [false, true]) {
      const { error } = await lookup('localhost', false, all);
      expect(error).toBeInstanceOf(OutboundRefused);
      expect((error as OutboundRefused).reason).toBe('private-address');
    }
  });

  it('answers in the form net asked for when the addresses pass', async () => {
    expect((await lookup('localhost', true, false)).address).toBe('127.0.0.1');
    expect((await lookup('localhost', true, true)).address).toContainEqual({ address: '127.0.0.1', family: 4 });
  });

  it('says dns for a name that does not exist', async () => {
    const { error } = await lookup('nothing-here.invalid', true, true);
    expect((error as OutboundRefused).reason).toBe('dns');
  });
});

describe('checkedUrl', () => {
  it('normalises the forms an IPv4 literal can take before judging it', () => {
    for (const host of ['127.0.0.1.', '0177.0.0.1', '0x7f000001', '127.1', '[::ffff:7f00:1]'])
      expect(() => checkedUrl(`http://${host}/`, false)).toThrow(/loopback/);
  });

  it('passes public literals and names (names are judged at connect time)', () => {
    expect(checkedUrl('https://93.184.215.14/a?b', false).href).toBe('https://93.184.215.14/a?b');
    expect(checkedUrl('http://localhost/', false).hostname).toBe('localhost');
  });
});
