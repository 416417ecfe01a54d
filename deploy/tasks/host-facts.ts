/**
 * What a task needs to know about a host before it changes anything, read
 * in one round trip (with the lock): the live release and the one it
 * replaced, the releases present, releases a failed deploy left behind
 * (marked `.incomplete` until their switch), and the running worker pool.
 */
import path from 'node:path';
import { sh, type Shell } from '#deploy/transport/shell.ts';
import { releaseName } from '#deploy/tasks/paths.ts';
import type { HostSession } from '#deploy/tasks/session.ts';

export interface HostFacts {
  /** The release `current` points to. */
  readonly live: string | undefined;
  /** The release the live one replaced (its `.previous-release`), what rollback returns to. */
  readonly previousOfLive: string | undefined;
  /** Complete releases, oldest first. */
  readonly releases: readonly string[];
  /** Incomplete releases removed now (we hold the lock). */
  readonly removed: readonly string[];
  /** Incomplete releases seen but left (a dry run, or a read without the lock). */
  readonly incomplete: readonly string[];
  /** The worker pool's supervisor: pid and the release it runs from. */
  readonly pool: { readonly pid: number; readonly release: string } | undefined;
}

/** The marker a release carries from its creation until it first goes live. */
export const incompleteMarker = '.incomplete';

export function hostFactsScript(session: HostSession, options: { removeIncomplete: boolean }): Shell {
  const { current, releases, pidFile } = session.paths;
  const incomplete = options.removeIncomplete ? sh`rm -rf "$d" && echo "removed $d"` : sh`echo "incomplete $d"`;
  return sh`live=$(readlink ${current} 2>/dev/null || true); echo "live $live"; if [ -n "$live" ] && [ -f "$live/.previous-release" ]; then echo "previous $(cat "$live/.previous-release")"; fi; for d in $(ls -1 ${releases} 2>/dev/null); do if [ -f ${releases}/"$d"/${incompleteMarker} ] && [ ${releases}/"$d" != "$live" ]; then (cd ${releases} && ${incomplete}); elif [ -d ${releases}/"$d" ]; then echo "release $d"; fi; done; pid=$(cat ${pidFile} 2>/dev/null) && kill -0 "$pid" 2>/dev/null && echo "pool $pid $(readlink /proc/$pid/cwd 2>/dev/null)"; true`;
}

export function parseHostFacts(output: string): HostFacts {
  const lines = output.split('\n').map((line) => line.trim());
  const values = (key: string) =>
    lines.filter((line) => line.startsWith(`${key} `)).map((line) => line.slice(key.length + 1).trim());
  const names = (key: string) =>
    values(key)
      .filter((name) => releaseName.test(name))
      .sort();
  const live = path.posix.basename(values('live')[0] ?? '');
  const [pid, release] = (values('pool')[0] ?? '').split(' ');
  return {
    live: releaseName.test(live) ? live : undefined,
    previousOfLive: values('previous').find((name) => releaseName.test(name)),
    releases: names('release'),
    removed: names('removed'),
    incomplete: names('incomplete'),
    pool: pid && Number(pid) > 0 ? { pid: Number(pid), release: release ?? '' } : undefined,
  };
}
