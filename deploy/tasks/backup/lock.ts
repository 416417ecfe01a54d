/**
 * The backup lock: `<path>/.lock` on the backup host, made with mkdir (which
 * either creates it or fails, atomically, on every filesystem), holding who
 * took it, since when and for which task. It spans every host a run backs
 * up, and a restore takes it too, so neither reads a backup half written.
 *
 * A backup that finds it taken skips (BackupSkipped: `deploy -- backup`
 * exits 75, EX_TEMPFAIL), which is what a run every few minutes from cron
 * wants when the previous one is still copying. A lock whose run is
 * provably gone (a run of this user on this machine whose process has
 * exited) is taken over with a warning, as the deploy lock is; any other is
 * removed by `backup:unlock`.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { sh } from '#deploy/transport/shell.ts';
import { CommandError } from '#deploy/transport/types.ts';
import type { TaskContext } from '#deploy/tasks/context.ts';
import type { BackupStore } from '#deploy/tasks/backup/store.ts';

export interface BackupLock {
  readonly token: string;
  readonly holder: string;
  readonly pid: number;
  readonly since: string;
  readonly task: string;
}

/** Another backup or restore holds the lock: this run changed nothing. */
export class BackupLocked extends Error {
  override name = 'BackupLocked';
  constructor(
    message: string,
    readonly holder: BackupLock | undefined,
  ) {
    super(message);
  }
}

/** A backup skipped because another is in progress: not a failure, but not a backup either (exit 75). */
export class BackupSkipped extends Error {
  override name = 'BackupSkipped';
}

export const skippedExitCode = 75;
const heldExit = 3;

/** Takes the lock, or throws BackupLocked naming who holds it. A dry run only looks. */
export async function takeBackupLock(context: TaskContext, store: BackupStore): Promise<BackupLock> {
  const lock: BackupLock = {
    token: randomBytes(12).toString('hex'),
    holder: context.deployer,
    pid: process.pid,
    since: new Date().toISOString(),
    task: context.task,
  };
  if (context.dryRun) {
    const holder = await lockHolder(store);
    if (holder) throw new BackupLocked(heldMessage(holder), holder);
    await take(store, lock);
    return lock;
  }
  try {
    await take(store, lock);
  } catch (error) {
    if (!(error instanceof CommandError) || error.code !== heldExit) throw error;
    const holder = parse(error.stderr);
    if (!holder || !ownerGone(holder)) throw new BackupLocked(heldMessage(holder), holder);
    await store.run(
      sh`if grep -qF ${holder.token} ${info(store)}; then rm -rf ${store.dir('.lock')}; fi`,
      'remove the abandoned backup lock',
    );
    context.reporter.warn(
      store.label,
      `took over the lock left by ${describeHolder(holder)}: that run is gone (pid ${holder.pid} no longer runs)`,
    );
    await take(store, lock).catch((retry: unknown) => {
      if (retry instanceof CommandError && retry.code === heldExit) {
        const next = parse(retry.stderr);
        throw new BackupLocked(heldMessage(next), next);
      }
      throw retry;
    });
  }
  return lock;
}

/** Removes our lock (only ours: it carries our token). */
export async function releaseBackupLock(store: BackupStore, lock: BackupLock): Promise<void> {
  await store.run(
    sh`if [ -f ${info(store)} ] && grep -qF ${lock.token} ${info(store)}; then rm -rf ${store.dir('.lock')}; fi`,
    'remove the backup lock',
  );
}

/** Who holds the lock, if anyone (read-only). */
export async function lockHolder(store: BackupStore): Promise<BackupLock | undefined> {
  const text = await store.run(sh`cat ${info(store)} 2>/dev/null || true`, 'read the backup lock', true);
  return parse(text);
}

/** `backup:unlock`: removes the lock whoever holds it, saying whose it was. */
export async function forceBackupUnlock(context: TaskContext, store: BackupStore): Promise<void> {
  const held = await store.run(sh`[ -d ${store.dir('.lock')} ] && echo held || true`, 'look for the backup lock', true);
  if (!held.trim()) return context.reporter.info(store.label, 'not locked');
  const holder = await lockHolder(store);
  await store.run(sh`rm -rf ${store.dir('.lock')}`, 'remove the backup lock');
  context.reporter.info(store.label, `removed the backup lock held by ${holder ? describeHolder(holder) : 'someone'}`);
}

export function heldMessage(holder: BackupLock | undefined): string {
  return holder
    ? `another ${holder.task} is in progress since ${holder.since} by ${describeHolder(holder)}`
    : 'another backup or restore is in progress (its lock is being written or unreadable)';
}

function describeHolder(holder: BackupLock): string {
  return `${holder.holder} (pid ${holder.pid})`;
}

async function take(store: BackupStore, lock: BackupLock): Promise<void> {
  const dir = store.dir('.lock');
  await store.run(
    sh`mkdir -p ${store.dir()} && if mkdir ${dir} 2>/dev/null; then printf '%s\\n' ${JSON.stringify(lock)} > ${info(store)}; else cat ${info(store)} >&2 2>/dev/null; exit ${heldExit}; fi`,
    'take the backup lock',
  );
}

function info(store: BackupStore): string {
  return store.dir('.lock', 'info');
}

function parse(text: string): BackupLock | undefined {
  try {
    const value = JSON.parse(text.trim()) as BackupLock;
    return typeof value.holder === 'string' && typeof value.token === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the run that took the lock is gone: only knowable for a run on this machine. */
function ownerGone(lock: BackupLock): boolean {
  if (lock.holder.slice(lock.holder.lastIndexOf('@') + 1) !== os.hostname()) return false;
  if (lock.pid === process.pid) return false;
  try {
    process.kill(lock.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
