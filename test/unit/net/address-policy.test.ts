import { describe, it, expect } from 'vitest';
import { judgeAddress, rangeOf } from '#app/net/address-policy.ts';

describe('judgeAddress', () => {
  const refusedAlways: [string, string][] = [
    ['169.254.169.254', 'linkLocal'],
    ['169.254.0.1', 'linkLocal'],
    ['fe80::1', 'linkLocal'],
    ['fe80::1%eth0', 'linkLocal'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['192.0.2.1', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['::7f00:1', 'reserved'],
    ['::ffff:169.254.169.254', 'linkLocal'],
    ['64:ff9b::a9fe:a9fe', 'linkLocal'],
    ['not an address', 'invalid'],
  ];
  const privateOnes: [string, string][] = [
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['::ffff:192.168.1.1', 'private'],
    ['64:ff9b::a00:1', 'private'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456:789a::1', 'uniqueLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['100.127.255.255', 'carrierGradeNat'],
  ];
  const publicOnes = [
    '93.184.215.14',
    '8.8.8.8',
    '172.15.255.255',
    '172.32.0.1',
    '100.63.255.255',
    '100.128.0.1',
    '11.0.0.1',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2606:4700:4700::1111',
    '2a00:1450:4001:80b::200e',
  ];

  it.each(refusedAlways)('refuses %s (%s), even with allowPrivate', (address, range) => {
    expect(rangeOf(address)).toBe(range);
    expect(judgeAddress(address, false)).toEqual({ allowed: false, range });
    expect(judgeAddress(address, true)).toEqual({ allowed: false, range });
  });

  it.each(privateOnes)('refuses %s (%s) unless allowPrivate', (address, range) => {
    expect(judgeAddress(address, false)).toEqual({ allowed: false, range });
    expect(judgeAddress(address, true)).toEqual({ allowed: true, range });
  });

  it.each(publicOnes)('allows public %s', (address) => {
    expect(judgeAddress(address, false)).toEqual({ allowed: true, range: 'unicast' });
  });
});
