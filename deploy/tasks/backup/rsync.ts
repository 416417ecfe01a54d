/**
 * Moving backup directories with rsync. rsync copies between this machine
 * and one remote host, never between two remote ones, and the app hosts
 * need not trust the backup host (nor hold a key for it): so a backup goes
 * host → a temp dir here → backup host, and a restore the other way, each
 * leg over the same ssh settings and shared connection as every command
 * (the transport's own ssh argv as rsync's `-e`). On the backup host, each
 * run's files are hard links to the previous run's wherever they did not
 * change (`--link-dest`): keeping N backups of the uploads costs one copy
 * plus what changed.
 */
import type { HostConfig } from '#deploy/configuration.ts';
import { runProcess } from '#deploy/transport/process.ts';
import { quote } from '#deploy/transport/shell.ts';
import { LocalTransport } from '#deploy/transport/local.ts';
import { SshTransport } from '#deploy/transport/ssh.ts';
import type { Transport } from '#deploy/transport/types.ts';

/** A directory on a host (through its ssh transport) or on this machine. */
export interface RsyncEnd {
  /** `host:/dir/` or `/dir/`: a directory's contents. */
  readonly location: string;
  /** rsync's -e for a remote end. */
  readonly shell: readonly string[] | undefined;
}

/** `dir` on the host `transport` reaches; a local transport's is a local directory. */
export function remoteEnd(transport: Transport, host: Pick<HostConfig, 'host'>, dir: string): RsyncEnd {
  if (transport instanceof LocalTransport) return localEnd(dir);
  const address = host.host.includes(':') ? `[${host.host}]` : host.host;
  // A dry run's twin transport: the location is only printed.
  const shell = transport instanceof SshTransport ? transport.remoteShell() : undefined;
  return { location: `${address}:${slashed(dir)}`, shell };
}

export function localEnd(dir: string): RsyncEnd {
  return { location: slashed(dir), shell: undefined };
}

/** The rsync argv that copies the contents of `from` into `to`. */
export function rsyncArguments(from: RsyncEnd, to: RsyncEnd, options: { linkDest?: string } = {}): string[] {
  const shell = from.shell ?? to.shell;
  return [
    '--archive',
    '--delete',
    ...(options.linkDest ? [`--link-dest=${options.linkDest}`] : []),
    ...(shell ? ['-e', shell.map(quote).join(' ')] : []),
    from.location,
    to.location,
  ];
}

/** Runs rsync; throws with its own last words when it fails. */
export async function rsync(from: RsyncEnd, to: RsyncEnd, options: { linkDest?: string } = {}): Promise<void> {
  const result = await runProcess({ command: 'rsync', args: rsyncArguments(from, to, options) });
  if (result.code !== 0)
    throw new Error(
      `rsync ${from.location} → ${to.location} failed (exit ${result.code}): ${result.stderr.trim().split('\n').slice(-3).join(' ')}`,
    );
}

export function describeRsync(from: RsyncEnd, to: RsyncEnd, options: { linkDest?: string } = {}): string {
  return `rsync ${options.linkDest ? `--link-dest=${options.linkDest} ` : ''}${from.location} ${to.location}`;
}

function slashed(dir: string): string {
  return dir.endsWith('/') ? dir : `${dir}/`;
}
