import { describe, it, expect } from 'vitest';
import { balancerHosts } from '#app/commands/balancer-option.ts';
import { CliError } from '#app/commands/cli-error.ts';
import { formatAddress } from '#app/server/pool/address.ts';

describe('--balancer', () => {
  it('gives each app host --count workers from the port its entry names', () => {
    const hosts = balancerHosts('10.0.0.2:9000, app3.internal:9100,[fd00::4]:9000', 2);
    expect(hosts.map((workers) => workers.map(formatAddress))).toEqual([
      ['10.0.0.2:9000', '10.0.0.2:9001'],
      ['app3.internal:9100', 'app3.internal:9101'],
      ['[fd00::4]:9000', '[fd00::4]:9001'],
    ]);
  });

  it('refuses entries that are no host address, and hosts whose workers would overlap', () => {
    for (const [value, message] of [
      ['', /give each app host's first worker address/],
      ['9000', /expected HOST:PORT, got "9000"/],
      ['app2:http', /expected HOST:PORT/],
      ['app2:65535', /would pass 65535/],
      ['app2:9000,app2:9001', /app2:9001 and app2:9000 share the worker app2:9001/],
      ['app2:9000,app2:9000', /share the worker app2:9000/],
    ] as const) {
      const attempt = () => balancerHosts(value, 2);
      expect(attempt, value).toThrow(CliError);
      expect(attempt, value).toThrow(message);
    }
    // Different hosts may use the same ports.
    expect(balancerHosts('app2:9000,app3:9000', 4).flat()).toHaveLength(8);
  });
});
