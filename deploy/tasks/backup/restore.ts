/**
 * `deploy -- restore [--at TIME] [--from-host NAME]`: brings a backup back.
 * It picks the newest backup (or the newest taken at or before --at), checks
 * that it holds a directory for every host the plan restores (each host its
 * own, or --from-host's for all: a new SQLite host restored from another's
 * backup) before anything changes, and then, under the backup lock and the
 * deploy lock, runs as a deploy task does, phase by phase on every host:
 *
 *   fetch    copy the backup to each host (shared/restore-<name>), while the blog still serves
 *   stop     stop the worker pools (the web server serves cached pages, or its error page)
 *   restore  `folio db:restore` in the live release: checked, then swapped in
 *   migrate  apply the live release's migrations the backup is older than
 *   restart  start the pools afresh and empty the page caches
 *   health   the usual health check
 *
 * A failure before restore undoes what began (the pools start again on the
 * data they had); db:restore itself changes nothing unless it succeeds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sh } from '#deploy/transport/shell.ts';
import type { TaskContext } from '#deploy/tasks/context.ts';
import { migratePhase } from '#deploy/tasks/db.ts';
import { healthPhase } from '#deploy/tasks/health.ts';
import { livePhase } from '#deploy/tasks/live.ts';
import { lockPhase, newLock, unlockPhase } from '#deploy/tasks/lock.ts';
import { initialStates, runPhases, type Phase } from '#deploy/tasks/phases.ts';
import { restartPhase } from '#deploy/tasks/restart.ts';
import { folioCommand, type HostSession } from '#deploy/tasks/session.ts';
import { appHosts, restartWorkers, stopWorkers } from '#deploy/tasks/workers.ts';
import { plannedSessions, withStore } from '#deploy/tasks/backup/index.ts';
import { BackupLocked, releaseBackupLock, takeBackupLock } from '#deploy/tasks/backup/lock.ts';
import { chooseBackup, displayName, parseAt } from '#deploy/tasks/backup/plan.ts';
import { describeRsync, localEnd, remoteEnd, rsync } from '#deploy/tasks/backup/rsync.ts';
import type { BackupStore } from '#deploy/tasks/backup/store.ts';

export async function restore(context: TaskContext): Promise<void> {
  const { values } = parseArgs({
    args: [...context.args],
    options: { at: { type: 'string' }, 'from-host': { type: 'string' } },
    strict: true,
  });
  const at = values.at === undefined ? undefined : parseAt(values.at);
  const plan = plannedSessions(context);
  await withStore(context, async (store) => {
    const name = chooseBackup(await store.list(), at);
    const present = await store.hostsIn(name);
    const sources = new Map(plan.map(({ session }) => [session.name, values['from-host'] ?? session.name]));
    const missing = [...new Set(sources.values())].filter((host) => !present.includes(host));
    if (missing.length)
      throw new Error(
        `backup ${name} has nothing from ${missing.join(', ')} (it holds ${present.join(', ') || 'no host'}): restore another host's with --from-host NAME`,
      );
    context.reporter.info(
      store.label,
      `restoring backup ${name} (${displayName(name)}) to ${[...sources].map(([host, from]) => (host === from ? host : `${host} (from ${from})`)).join(', ')}`,
    );
    let lock;
    try {
      lock = await takeBackupLock(context, store);
    } catch (error) {
      if (error instanceof BackupLocked) throw new Error(`restore refused: ${error.message}; nothing was changed`);
      throw error;
    }
    const local = mkdtempSync(path.join(os.tmpdir(), 'folio-restore-'));
    try {
      const planned = new Set(plan.map(({ session }) => session));
      const phases = restorePhases(context, { store, name, sources, local, planned });
      await runPhases(context, phases, initialStates(context));
    } finally {
      rmSync(local, { recursive: true, force: true });
      await releaseBackupLock(store, lock);
    }
  });
}

interface RestoreRun {
  readonly store: BackupStore;
  readonly name: string;
  /** Host → the host whose backup it gets. */
  readonly sources: ReadonlyMap<string, string>;
  readonly local: string;
  readonly planned: ReadonlySet<HostSession>;
}

function restorePhases(context: TaskContext, run: RestoreRun): Phase[] {
  const lock = newLock(context);
  const onPlanned = (sessions: readonly HostSession[]) => sessions.filter((session) => run.planned.has(session));
  const staging = (session: HostSession) => `${session.paths.shared}/restore-${run.name}`;
  const removeStaging = async (session: HostSession) => {
    await session.run(sh`rm -rf ${staging(session)}`, { what: 'remove the restore staging directory' });
  };
  const fetch: Phase = {
    name: 'fetch',
    description: 'copy the backup to each host, beside its data, while the blog still serves',
    undoDescription: 'remove the copy',
    critical: true,
    hosts: onPlanned,
    async run(context, session) {
      const source = run.sources.get(session.name)!;
      const from = remoteEnd(run.store.real, run.store.config, run.store.dir(run.name, source));
      const here = localEnd(path.join(run.local, session.name));
      const to = remoteEnd(session.transport, session.host, staging(session));
      if (context.dryRun) {
        context.reporter.info(session.name, `would run: ${describeRsync(from, here)}`);
        context.reporter.info(session.name, `would run: ${describeRsync(here, to)}`);
        return;
      }
      await rsync(from, here);
      await rsync(here, to);
      rmSync(path.join(run.local, session.name), { recursive: true, force: true });
    },
    undo: (_context, session) => removeStaging(session),
  };
  const stop: Phase = {
    name: 'stop',
    description: 'stop the worker pools: nothing may read or write the data while it is replaced',
    undoDescription: 'start the worker pool again',
    critical: true,
    hosts: appHosts,
    run: (_context, session) => stopWorkers(session),
    undo: async (_context, session) => void (await restartWorkers(session)),
  };
  const restoreData: Phase = {
    name: 'restore',
    description:
      'folio db:restore in the live release: checked, then swapped in (the previous data kept until it succeeds)',
    undoDescription: '',
    critical: true,
    hosts: onPlanned,
    async run(context, session) {
      const command = session.appCommand(session.paths.current, folioCommand('db:restore', '--from', staging(session)));
      const output = await session.run(command, { what: 'db:restore' });
      if (output.trim()) context.reporter.info(session.name, output.trim());
      await removeStaging(session);
    },
  };
  return [
    lockPhase(lock),
    livePhase,
    fetch,
    stop,
    restoreData,
    migratePhase,
    restartPhase,
    healthPhase,
    unlockPhase(lock),
  ];
}
