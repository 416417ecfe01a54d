/**
 * `releases`: one row per release, one column per host: `live` for the one
 * `current` points to, `yes` where the release is present, `failed` where a
 * deploy that died left it incomplete (the next run removes it), `-` where
 * not, with the commit each holds.
 */
import { sh } from '#deploy/transport/shell.ts';
import { releaseName } from '#deploy/tasks/paths.ts';
import { incompleteMarker } from '#deploy/tasks/host-facts.ts';
import { onHosts, type TaskContext } from '#deploy/tasks/context.ts';

export interface HostReleases {
  readonly host: string;
  readonly live: string | undefined;
  /** Release name → revision. */
  readonly releases: ReadonlyMap<string, string>;
  /** Releases left incomplete by a deploy that failed. */
  readonly failed?: ReadonlySet<string>;
}

export async function releases(context: TaskContext): Promise<void> {
  const table = await onHosts(context.sessions, async (session): Promise<HostReleases> => {
    const { current, releases: dir } = session.paths;
    const text = await session.query(
      sh`live=$(readlink ${current} 2>/dev/null); echo "live \${live##*/}"; cd ${dir} 2>/dev/null || exit 0; for d in *; do if [ -d "$d" ]; then printf 'release %s %s %s\\n' "$d" "$(if [ -f "$d/${incompleteMarker}" ]; then echo incomplete; else echo complete; fi)" "$(cat "$d/REVISION" 2>/dev/null)"; fi; done`,
      'list releases',
    );
    const lines = text.split('\n').map((line) => line.trim().split(/\s+/));
    const live = lines.find(([kind, name]) => kind === 'live' && name && releaseName.test(name))?.[1];
    const entries = lines.filter(([kind, name]) => kind === 'release' && name && releaseName.test(name));
    // The live release's mark is ignored, as the lock phase does: it went live.
    const failed = entries
      .filter(([, name, state]) => state === 'incomplete' && name !== live)
      .map(([, name]) => name!);
    return {
      host: session.name,
      live,
      releases: new Map(entries.map(([, name, , sha]) => [name!, sha ?? ''])),
      failed: new Set(failed),
    };
  });
  context.reporter.block(formatReleases(table));
}

export function formatReleases(hosts: readonly HostReleases[]): string {
  const names = [...new Set(hosts.flatMap((host) => [...host.releases.keys()]))].sort().reverse();
  if (names.length === 0) return 'no releases yet';
  const header = ['release', 'revision', ...hosts.map((host) => host.host)];
  const rows = names.map((name) => [
    name,
    (hosts.map((host) => host.releases.get(name)).find(Boolean) ?? '').slice(0, 10),
    ...hosts.map((host) =>
      host.live === name ? 'live' : host.failed?.has(name) ? 'failed' : host.releases.has(name) ? 'yes' : '-',
    ),
  ]);
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column]!.length)));
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
