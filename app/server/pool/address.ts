/**
 * Where a worker listens: a TCP host:port or a unix socket path. Each pool
 * slot has its own address, derived from one base (consecutive ports, or
 * `folio-N.sock` in a directory).
 */
import path from 'node:path';

export type WorkerAddress =
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number }
  | { readonly kind: 'unix'; readonly path: string };

/** The base the slots' addresses are derived from. */
export type ListenBase =
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number }
  | { readonly kind: 'unix-dir'; readonly dir: string };

export const defaultListen: ListenBase = { kind: 'tcp', host: '127.0.0.1', port: 9000 };

/** Parses `--listen`: `HOST:PORT`, `[IPv6]:PORT` or a bare `PORT` (on 127.0.0.1). */
export function parseListen(value: string): ListenBase & { kind: 'tcp' } {
  const match = /^(?:\[([^\]]+)\]:|([^:[\]]+):)?(\d+)$/.exec(value.trim());
  if (!match) throw new RangeError(`--listen: expected HOST:PORT, got "${value}"`);
  const port = Number(match[3]);
  // Port 0 would give every slot a different random port nobody can find.
  if (port < 1 || port > 65535) throw new RangeError(`--listen: port must be 1..65535, got ${port}`);
  return { kind: 'tcp', host: match[1] ?? match[2] ?? '127.0.0.1', port };
}

/** One address per slot: consecutive ports from the base port, or one socket each in the directory. */
export function slotAddresses(base: ListenBase, count: number): WorkerAddress[] {
  if (base.kind === 'unix-dir') {
    return Array.from({ length: count }, (_, slot) => ({
      kind: 'unix',
      path: path.resolve(base.dir, `folio-${slot}.sock`),
    }));
  }
  if (base.port + count - 1 > 65535)
    throw new RangeError(`--listen: ${count} workers from port ${base.port} would pass 65535`);
  return Array.from({ length: count }, (_, slot) => ({ kind: 'tcp', host: base.host, port: base.port + slot }));
}

export function formatAddress(address: WorkerAddress): string {
  if (address.kind === 'unix') return `unix:${address.path}`;
  return address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}

/** The inverse of formatAddress, for a worker reading its address from argv. */
export function parseAddress(value: string): WorkerAddress {
  if (value.startsWith('unix:')) return { kind: 'unix', path: value.slice('unix:'.length) };
  return parseListen(value);
}
