/**
 * What a backup holds and which one a restore takes, as pure decisions.
 *
 * Who backs up what: every host that owns a database (db.ts `ownsDatabase`)
 * backs up that database, with its uploads when it is an app host: with
 * SQLite each app host has its own blog data, so each one does. With a
 * server database (PostgreSQL) the primary db host dumps it, and, when the
 * primary is not an app host, the first app host gives the uploads (which
 * every app host shares: PostgreSQL or a shared filesystem, see README).
 * A restore puts each part back on the host it came from.
 *
 * Backups are named by their UTC time to the second, as releases are
 * (20260514093000), so names sort in time order.
 */
import type { HostConfig } from '#deploy/configuration.ts';
import { ownsDatabase } from '#deploy/tasks/db.ts';
import { newReleaseName, releaseName } from '#deploy/tasks/paths.ts';

export type BackupParts = 'all' | 'database' | 'uploads';

export interface PlannedHost {
  readonly host: string;
  readonly parts: BackupParts;
}

/** The hosts a backup (and its restore) works on, and what each gives. */
export function backupPlan(hosts: readonly HostConfig[]): PlannedHost[] {
  const plan = hosts.flatMap((host): PlannedHost[] =>
    ownsDatabase(host) ? [{ host: host.name, parts: host.roles.includes('app') ? 'all' : 'database' }] : [],
  );
  const uploadsCovered = plan.some((entry) => entry.parts === 'all');
  const firstApp = hosts.find((host) => host.roles.includes('app'));
  if (!uploadsCovered && firstApp) plan.push({ host: firstApp.name, parts: 'uploads' });
  return plan;
}

/** The `db:backup` options for a part of the plan. */
export function backupOptions(parts: BackupParts): string[] {
  return parts === 'all' ? [] : ['--only', parts];
}

export const backupName = (date = new Date()): string => newReleaseName(date);
export const isBackupName = (name: string): boolean => releaseName.test(name);

/**
 * `--at`: a backup's name (20260514093000), or an ISO 8601 time
 * (2026-05-14T09:30:00Z, 2026-05-14 09:30, 2026-05-14: UTC unless it gives
 * an offset). Resolves to the name form of that instant.
 */
export function parseAt(text: string): string {
  const value = text.trim();
  if (isBackupName(value)) return value;
  const iso = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(value);
  const time = iso
    ? Date.parse(iso[4] ? value.replace(' ', 'T') : `${value.replace(' ', 'T')}${iso[1] ? 'Z' : ''}`)
    : NaN;
  if (Number.isNaN(time))
    throw new Error(
      `--at: expected a backup's name (20260514093000) or a time (2026-05-14T09:30:00Z, 2026-05-14), got "${text}"`,
    );
  return backupName(new Date(time));
}

/** The newest backup taken at or before `at` (a name), or the newest of all; throws when there is none. */
export function chooseBackup(names: readonly string[], at: string | undefined): string {
  const sorted = names.filter(isBackupName).sort();
  if (sorted.length === 0) throw new Error('there is no backup yet');
  if (at === undefined) return sorted.at(-1)!;
  const chosen = sorted.filter((name) => name <= at).at(-1);
  if (!chosen) throw new Error(`no backup was taken at or before ${displayName(at)}: the oldest is ${sorted[0]}`);
  return chosen;
}

/** Backups beyond the newest `keep`, oldest first: what a run removes. */
export function toPrune(names: readonly string[], keep: number): string[] {
  const sorted = names.filter(isBackupName).sort();
  return sorted.slice(0, Math.max(0, sorted.length - keep));
}

/** 20260514093000 → 2026-05-14 09:30:00 UTC. */
export function displayName(name: string): string {
  const [, y, mo, d, h, mi, s] = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)$/.exec(name) ?? [];
  return y ? `${y}-${mo}-${d} ${h}:${mi}:${s} UTC` : name;
}
