/**
 * The deploy lock: `<deployTo>/deploy.lock`, created with O_EXCL (sh's
 * noclobber), holding who took it, since when and for what. A second
 * deploy is refused with that information. Only the run that took a lock
 * removes it (it carries a random token), except `deploy:unlock`, which is
 * for a lock left by a run that died.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { sh } from '#deploy/transport/shell.ts';
import { CommandError } from '#deploy/transport/types.ts';
import { releaseName } from '#deploy/tasks/paths.ts';
import { onHosts, type TaskContext } from '#deploy/tasks/context.ts';
import type { Phase } from '#deploy/tasks/phases.ts';
import type { HostSession } from '#deploy/tasks/session.ts';

export interface LockInfo {
  readonly token: string;
  readonly holder: string;
  readonly pid: number;
  readonly since: string;
  readonly task: string;
  readonly release?: string;
}

const heldExit = 3;

export function newLock(context: TaskContext, release?: string): LockInfo {
  return { token: randomBytes(12).toString('hex'), holder: context.deployer, pid: process.pid, since: new Date().toISOString(), task: context.task, ...(release ? { release } : {}) };
}

/** Phase 1: take the lock on every host, and note which release is live there. */
export function lockPhase(lock: LockInfo): Phase {
  return {
    name: 'lock',
    description: 'take the deploy lock on every host (a second deploy is refused, naming who holds it) and note the live release',
    undoDescription: 'remove our lock',
    critical: true,
    async run(context, session, state) {
      if (context.dryRun) await warnIfHeld(context, session);
      await acquire(session, lock);
      state.previous = await liveRelease(session);
    },
    undo: (_context, session) => release(session, lock),
  };
}

/** The last phase: remove our lock. A failure only warns: the task itself is done. */
export function unlockPhase(lock: LockInfo): Phase {
  return {
    name: 'unlock',
    description: 'remove the deploy lock',
    undoDescription: '',
    critical: false,
    run: (_context, session) => release(session, lock),
  };
}

/** The release `current` points to on this host, if any. */
export async function liveRelease(session: HostSession): Promise<string | undefined> {
  const target = (await session.query(sh`if [ -L ${session.paths.current} ]; then readlink ${session.paths.current}; fi`, 'readlink current')).trim();
  const name = target ? path.posix.basename(target) : '';
  return releaseName.test(name) ? name : undefined;
}

/** Who holds the lock on this host, if anyone (read-only). */
export async function lockHolder(session: HostSession): Promise<LockInfo | undefined> {
  const text = await session.query(sh`cat ${session.paths.lock} 2>/dev/null || true`, 'read the lock');
  return text.trim() ? parseLock(text) : undefined;
}

/** `deploy:unlock`: removes whatever lock there is, saying whose it was. */
export async function forceUnlock(context: TaskContext): Promise<void> {
  await onHosts(context.sessions, async (session) => {
    const holder = await lockHolder(session);
    if (!holder) return context.reporter.info(session.name, 'not locked');
    await session.run(sh`rm -f ${session.paths.lock}`);
    context.reporter.info(session.name, `removed the lock held by ${describeLock(holder)}`);
  });
}

export function describeLock(lock: LockInfo): string {
  const seconds = Math.round((Date.now() - Date.parse(lock.since)) / 1000);
  return `${lock.holder} (pid ${lock.pid}, ${lock.task}${lock.release ? ` of ${lock.release}` : ''}) since ${lock.since} (${seconds} s ago)`;
}

async function acquire(session: HostSession, lock: LockInfo): Promise<void> {
  const { releases, lock: file, deployTo } = session.paths;
  const notSetUp = `${deployTo} is not set up on this host: run npm run deploy -- setup`;
  try {
    await session.run(
      sh`if [ ! -d ${releases} ]; then echo ${notSetUp} >&2; exit 1; fi; if ( set -C; printf '%s\\n' ${JSON.stringify(lock)} > ${file} ) 2>/dev/null; then :; else cat ${file} >&2; exit ${heldExit}; fi`,
      { what: 'take the deploy lock' },
    );
  } catch (error) {
    if (!(error instanceof CommandError) || error.code !== heldExit) throw error;
    const holder = parseLock(error.stderr);
    throw new Error(`refused: a deploy is in progress here, locked by ${holder ? describeLock(holder) : 'someone (unreadable lock file)'}. If that run is gone, remove the lock with: npm run deploy -- deploy:unlock`);
  }
}

async function release(session: HostSession, lock: LockInfo): Promise<void> {
  const { lock: file } = session.paths;
  await session.run(sh`if [ -f ${file} ] && grep -qF ${lock.token} ${file}; then rm -f ${file}; fi`, { what: 'remove the deploy lock' });
}

async function warnIfHeld(context: TaskContext, session: HostSession): Promise<void> {
  const holder = await lockHolder(session).catch(() => undefined);
  if (holder) context.reporter.warn(session.name, `a real run would be refused here: locked by ${describeLock(holder)}`);
}

function parseLock(text: string): LockInfo | undefined {
  try {
    const value = JSON.parse(text.trim()) as LockInfo;
    return typeof value.holder === 'string' && typeof value.since === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
