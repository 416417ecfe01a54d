/** The `workers status` report: a summary line and one row per worker, from the state file. */
import path from 'node:path';
import type { StateFile } from '#app/server/pool/state-file.ts';
import type { WorkerRow } from '#app/server/pool/worker-handle.ts';

const columns = ['WORKER', 'PID', 'ADDRESS', 'STATE', 'UPTIME', 'REQUESTS', 'RSS (MB)', 'RELEASE', 'REVISION'] as const;

/** A revision is shown by its first characters, as git does. */
const REVISION_CHARS = 10;

export function formatStatus(state: StateFile, now = Date.now()): string {
  const rows = state.workers.map((worker) => [
    worker.name,
    worker.pid === null ? '-' : String(worker.pid),
    worker.address,
    describeState(worker, now),
    worker.state === 'dead' ? '-' : duration(now - (worker.readyAt ?? worker.startedAt)),
    worker.requestsServed === null ? '-' : String(worker.requestsServed),
    worker.rssBytes === null ? '-' : (worker.rssBytes / 1024 / 1024).toFixed(1),
    releaseName(worker.release),
    shortRevision(worker.revision),
  ]);
  const widths = columns.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const lines = [
    `supervisor pid ${state.supervisorPid}, ${state.phase}, ${state.transport}, up ${duration(now - state.startedAt)}, release ${releaseName(state.supervisorRelease)}, revision ${shortRevision(state.supervisorRevision)}`,
    '',
    line(columns),
    ...rows.map(line),
  ];
  const restart = state.lastRestart;
  if (restart) {
    const outcome = restart.ok === null ? 'in progress' : restart.ok ? 'done' : `FAILED: ${restart.error}`;
    lines.push('', `last restart: ${duration(now - restart.startedAt)} ago, ${outcome}`);
  }
  const age = now - state.updatedAt;
  if (age > 10_000) lines.push('', `note: the state file is ${duration(age)} old; the supervisor may be stuck`);
  return lines.join('\n');
}

/** "ready", "dead, CRASH LOOP (5 deaths/min), respawn in 42s": also `workers top`'s. */
export function describeState(worker: WorkerRow, now: number): string {
  const parts: string[] = [worker.state];
  if (worker.crashLoop) parts.push(`CRASH LOOP (${worker.recentDeaths} deaths/min)`);
  if (worker.state === 'dead' && worker.respawnAt !== null)
    parts.push(`respawn in ${duration(Math.max(0, worker.respawnAt - now))}`);
  return parts.join(', ');
}

// A state file written before these fields existed has them undefined.
function releaseName(release: string | null | undefined): string {
  return release ? path.basename(release) : '-';
}

function shortRevision(revision: string | null | undefined): string {
  return revision ? revision.slice(0, REVISION_CHARS) : '-';
}

/** 3s, 4m05s, 2h07m, 3d04h. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${pad(s % 60)}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h${pad(Math.floor(s / 60) % 60)}m`;
  return `${Math.floor(s / 86_400)}d${pad(Math.floor(s / 3600) % 24)}h`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
