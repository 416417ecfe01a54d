/**
 * `--balancer HOST:PORT,HOST:PORT,...` of the config commands: the workers are
 * on several app hosts. Each entry is one app host's `--listen` as its
 * `npm run workers -- start` was given it (the first worker's address), and
 * `--count N` is how many workers every host runs: host:PORT..PORT+N-1. So
 * the front end and each host's pool are described by the same two options.
 */
import { CliError } from '#app/commands/cli-error.ts';
import { formatAddress, parseListen, slotAddresses, type WorkerAddress } from '#app/server/pool/address.ts';

/** The workers of each app host, in the order given. */
export function balancerHosts(value: string, count: number): WorkerAddress[][] {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0)
    throw new CliError('--balancer: give each app host\'s first worker address, as "host1:9000,host2:9000"');
  const hosts = entries.map((entry) => {
    try {
      // A bare port would mean this host's loopback: not an app host the front end can share.
      if (/^\d+$/.test(entry)) throw new RangeError(`expected HOST:PORT, got "${entry}"`);
      return slotAddresses(parseListen(entry), count);
    } catch (error) {
      throw new CliError(`--balancer: ${(error as Error).message.replace(/^--listen: /, '')}`);
    }
  });
  const seen = new Map<string, string>();
  hosts.forEach((workers, index) => {
    for (const worker of workers) {
      const address = formatAddress(worker);
      const other = seen.get(address);
      if (other !== undefined)
        throw new CliError(
          `--balancer: ${entries[index]} and ${other} share the worker ${address} (each host runs --count ${count} workers from its port)`,
        );
      seen.set(address, entries[index]!);
    }
  });
  return hosts;
}
