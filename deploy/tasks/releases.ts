/**
 * `releases`: one row per release, one column per host: `live` for the one
 * `current` points to, `yes` where the release is present, `failed` where a
 * deploy that died left it incomplete (the next run removes it), `-` where
 * not, with the commit each holds.
 */
import { sh } from '#deploy/transport/shell.ts';
import { releaseName } from '#deploy/tasks/paths.ts';
import { lookAtHost } from '#deploy/tasks/host-facts.ts';
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
    const text = await session.query(
      sh`cd ${session.paths.releases} 2>/dev/null || exit 0; for dir in *; do if [ -d "$dir" ]; then printf '%s %s\\n' "$dir" "$(cat "$dir/REVISION" 2>/dev/null)"; fi; done`,
      'list releases',
    );
    const entries = text.split('\n').map((line) => line.trim().split(/\s+/)).filter(([name]) => name && releaseName.test(name));
    const facts = await lookAtHost(session);
    return { host: session.name, live: facts.live, releases: new Map(entries.map(([name, sha]) => [name!, sha ?? ''])), failed: new Set(facts.incomplete) };
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
    ...hosts.map((host) => (host.live === name ? 'live' : host.failed?.has(name) ? 'failed' : host.releases.has(name) ? 'yes' : '-')),
  ]);
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column]!.length)));
  return [header, ...rows].map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}
