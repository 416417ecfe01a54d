import { describe, it, expect } from 'vitest';
import { formatAddress, parseAddress, parseListen, slotAddresses } from '#app/server/pool/address.ts';

describe('worker addresses', () => {
  it('parses --listen as HOST:PORT, [IPv6]:PORT or a bare port', () => {
    expect(parseListen('127.0.0.1:9000')).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 9000 });
    expect(parseListen('[::1]:9100')).toEqual({ kind: 'tcp', host: '::1', port: 9100 });
    expect(parseListen('9200')).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 9200 });
    for (const bad of ['localhost', ':9000', '127.0.0.1:0', '127.0.0.1:70000', '::1:9000'])
      expect(() => parseListen(bad)).toThrow(/--listen/);
  });

  it('gives the slots consecutive ports, or one socket each in the directory', () => {
    expect(slotAddresses({ kind: 'tcp', host: '127.0.0.1', port: 9000 }, 3).map(formatAddress)).toEqual([
      '127.0.0.1:9000',
      '127.0.0.1:9001',
      '127.0.0.1:9002',
    ]);
    expect(slotAddresses({ kind: 'unix-dir', dir: '/run/folio' }, 2).map(formatAddress)).toEqual([
      'unix:/run/folio/folio-0.sock',
      'unix:/run/folio/folio-1.sock',
    ]);
    expect(() => slotAddresses({ kind: 'tcp', host: '127.0.0.1', port: 65535 }, 2)).toThrow(/65535/);
  });

  it("round-trips through the worker's argv form", () => {
    for (const address of [
      ...slotAddresses({ kind: 'tcp', host: '::1', port: 9000 }, 1),
      ...slotAddresses({ kind: 'unix-dir', dir: '/tmp/s' }, 1),
    ]) {
      expect(parseAddress(formatAddress(address))).toEqual(address);
    }
  });
});
