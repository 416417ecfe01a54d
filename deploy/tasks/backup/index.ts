/**
 * `deploy -- backup`: a consistent backup of the blog's data to the backup
 * host. Under the backup lock (lock.ts), each planned host (plan.ts) runs
 * `folio db:backup` in its live release into shared/backup-<name>, which is
 * copied to <path>/<name>.partial/<host>/ on the backup host (rsync.ts);
 * when every host is there the directory is renamed to <path>/<name>, so a
 * restore only ever sees whole backups, and the oldest beyond `keep` are
 * removed. A run that fails leaves the previous backups as they were.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BackupConfig } from '#deploy/configuration.ts';
import { formatDuration } from '#deploy/output/duration.ts';
import { sh } from '#deploy/transport/shell.ts';
import { onHosts, type TaskContext } from '#deploy/tasks/context.ts';
import { folioCommand, type HostSession } from '#deploy/tasks/session.ts';
import {
  BackupLocked,
  BackupSkipped,
  forceBackupUnlock,
  releaseBackupLock,
  takeBackupLock,
} from '#deploy/tasks/backup/lock.ts';
import {
  backupName,
  backupOptions,
  backupPlan,
  displayName,
  toPrune,
  type BackupParts,
  type PlannedHost,
} from '#deploy/tasks/backup/plan.ts';
import { describeRsync, localEnd, remoteEnd, rsync } from '#deploy/tasks/backup/rsync.ts';
import { BackupStore } from '#deploy/tasks/backup/store.ts';

export async function backup(context: TaskContext): Promise<void> {
  await withStore(context, async (store) => {
    const plan = plannedSessions(context);
    let lock;
    try {
      lock = await takeBackupLock(context, store);
    } catch (error) {
      if (error instanceof BackupLocked) throw new BackupSkipped(`${error.message}; skipped`);
      throw error;
    }
    try {
      await backupUnderLock(context, store, plan);
    } finally {
      await releaseBackupLock(store, lock);
    }
  });
}

/** `backup:unlock`: the lock of a backup or restore that died elsewhere. */
export function backupUnlock(context: TaskContext): Promise<void> {
  return withStore(context, (store) => forceBackupUnlock(context, store));
}

async function backupUnderLock(
  context: TaskContext,
  store: BackupStore,
  plan: readonly { session: HostSession; parts: BackupParts }[],
): Promise<void> {
  const started = Date.now();
  const name = backupName();
  const partial = store.dir(`${name}.partial`);
  // A run that died left its .partial: nothing restores from it.
  await store.run(sh`rm -rf ${store.dir()}/*.partial && mkdir -p ${partial}`, 'prepare the backup directory');
  const existing = await store.list();
  if (existing.includes(name)) throw new Error(`a backup named ${name} exists already: run again in a second`);
  const previous = existing.at(-1);
  const previousHosts = previous && !context.dryRun ? await store.hostsIn(previous) : [];
  const local = mkdtempSync(path.join(os.tmpdir(), 'folio-backup-'));
  try {
    await onHosts(
      plan.map(({ session }) => session),
      async (session) => {
        const { parts } = plan.find((entry) => entry.session === session)!;
        const linkDest = previousHosts.includes(session.name) ? store.dir(previous!, session.name) : undefined;
        await backupHost(context, store, session, { name, parts, local: path.join(local, session.name), linkDest });
      },
    );
  } catch (error) {
    await store.run(sh`rm -rf ${partial}`, 'remove the unfinished backup').catch(() => undefined);
    throw error;
  } finally {
    rmSync(local, { recursive: true, force: true });
  }
  await store.run(sh`mv ${partial} ${store.dir(name)}`, 'complete the backup');
  const pruned = toPrune([...(await store.list()), ...(context.dryRun ? [name] : [])], store.config.keep);
  if (pruned.length) await store.run(sh`rm -rf ${pruned.map((old) => store.dir(old))}`, 'remove the oldest backups');
  context.reporter.info(
    store.label,
    `backup ${name} (${displayName(name)}) complete in ${formatDuration(Date.now() - started)}: ${plan.map(({ session, parts }) => `${session.name} (${describeParts(parts)})`).join(', ')}; keeping ${store.config.keep}${pruned.length ? `, removed ${pruned.join(', ')}` : ''}`,
  );
}

async function backupHost(
  context: TaskContext,
  store: BackupStore,
  session: HostSession,
  run: { name: string; parts: BackupParts; local: string; linkDest: string | undefined },
): Promise<void> {
  const { current, shared } = session.paths;
  const staging = `${shared}/backup-${run.name}`;
  const command = session.appCommand(current, folioCommand('db:backup', '--to', staging, ...backupOptions(run.parts)));
  const output = await session.run(
    sh`if [ ! -e ${current} ]; then echo 'nothing is deployed here yet: there is no blog to back up' >&2; exit 1; fi; rm -rf ${staging} && ${command}`,
    { what: 'db:backup' },
  );
  if (output.trim()) context.reporter.info(session.name, output.trim());
  try {
    const from = remoteEnd(session.transport, session.host, staging);
    const here = localEnd(run.local);
    const to = remoteEnd(store.real, store.config, store.dir(`${run.name}.partial`, session.name));
    if (context.dryRun) {
      context.reporter.info(session.name, `would run: ${describeRsync(from, here)}`);
      context.reporter.info(session.name, `would run: ${describeRsync(here, to, { linkDest: run.linkDest })}`);
      return;
    }
    const copied = Date.now();
    await rsync(from, here);
    await rsync(here, to, { linkDest: run.linkDest });
    context.reporter.info(
      session.name,
      `copied to ${store.label} in ${formatDuration(Date.now() - copied)}${run.linkDest ? ' (unchanged files linked to the previous backup)' : ''}`,
    );
  } finally {
    await session.run(sh`rm -rf ${staging}`, { what: 'remove the backup staging directory' });
  }
}

/** The sessions the plan names, with what each backs up. */
export function plannedSessions(context: TaskContext): { session: HostSession; parts: BackupParts }[] {
  const plan: PlannedHost[] = backupPlan(context.sessions.map((session) => session.host));
  if (plan.length === 0)
    throw new Error('no selected host owns the database or the uploads (an app host, or the primary db host)');
  return plan.map(({ host, parts }) => ({
    session: context.sessions.find((session) => session.name === host)!,
    parts,
  }));
}

/** Opens the backup host for `work`, and closes it (and its ssh control dir) whatever happens. */
export async function withStore<T>(context: TaskContext, work: (store: BackupStore) => Promise<T>): Promise<T> {
  const config = requireBackup(context.config.backup);
  const controlDir = mkdtempSync(path.join(os.tmpdir(), 'folio-backup-ssh-'));
  const store = new BackupStore(config, context.config.ssh, controlDir, context.dryRun, context.reporter);
  try {
    return await work(store);
  } finally {
    await store.close();
    rmSync(controlDir, { recursive: true, force: true });
  }
}

function requireBackup(backup: BackupConfig | undefined): BackupConfig {
  if (!backup)
    throw new Error(
      "the recipe has no backup section: add backup: { host: 'backup.example.com', path: '/srv/backups/blog', keep: 7 }",
    );
  return backup;
}

function describeParts(parts: BackupParts): string {
  return parts === 'all' ? 'database and uploads' : parts;
}
