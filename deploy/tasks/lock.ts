/**
 * The deploy lock: `<deployTo>/deploy.lock`, created with O_EXCL (sh's
 * noclobber), holding who took it, since when and for what. A second
 * deploy is refused with that information. Only the run that took a lock
 * removes it (it carries a random token), except `deploy:unlock`, which is
 * for a lock left by a run that died. A lock whose run is provably gone (a
 * run of this user on this machine whose process has exited) is taken over
 * with a warning, so re-running a deploy that died converges by itself.
 *
 * Taking the lock is also the moment a task learns the host's state, in the
 * same round trip: the live release, the releases present, the pool, and
 * what a deploy that died left behind (releases marked `.incomplete`, which
 * are removed here, under the lock).
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { sh, type Shell } from '#deploy/transport/shell.ts';
import { CommandError, type Input } from '#deploy/transport/types.ts';
import { hostFactsScript, parseHostFacts } from '#deploy/tasks/host-facts.ts';
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

/** A host is locked by someone else: nothing was changed there. */
export class LockHeld extends Error {
  override name = 'LockHeld';
}

const heldExit = 3;
/** Tokens of the runs under way in this process (a library caller may run several in turn). */
const activeTokens = new Set<string>();

export function newLock(context: TaskContext, release?: string): LockInfo {
  return {
    token: randomBytes(12).toString('hex'),
    holder: context.deployer,
    pid: process.pid,
    since: new Date().toISOString(),
    task: context.task,
    ...(release ? { release } : {}),
  };
}

/**
 * The `lock` phase, first in every task: take the lock on every host, and
 * learn each host's state (see host-facts.ts). With `stageEnvironment` (a deploy) the app's environment
 * is written beside the lock, mode 600, for the update phase to move into
 * the release: the same round trip, and stdin rather than a command line.
 */
export function lockPhase(lock: LockInfo, options: { stageEnvironment?: boolean } = {}): Phase {
  return {
    name: 'lock',
    description:
      'take the deploy lock on every host (a second deploy is refused, naming who holds it), note the live release and remove releases a failed deploy left',
    undoDescription: 'remove our lock',
    critical: true,
    async run(context, session, state) {
      activeTokens.add(lock.token);
      if (context.dryRun) await warnIfHeld(context, session);
      const output = await acquire(context, session, lock, options.stageEnvironment ?? false);
      const facts = parseHostFacts(output);
      for (const name of facts.removed)
        context.reporter.info(session.name, `removed release ${name}, left incomplete by a deploy that failed`);
      state.facts = facts;
      state.previous = facts.live;
      state.live = facts.live;
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

/** The script that removes our lock (and the environment it staged), nothing else. */
function releaseScript(session: HostSession, lock: LockInfo): Shell {
  const { lock: file } = session.paths;
  return sh`if [ -f ${file} ] && grep -qF ${lock.token} ${file}; then rm -f ${stagedEnvironment(session)} ${file}; fi`;
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
  return `${lock.holder} (pid ${lock.pid}, ${lock.task}${lock.release ? ` of ${lock.release}` : ''}) since ${lock.since} (${age(seconds)} ago)`;
}

/** Whether the run that took `lock` is gone: only knowable for a run on this machine. */
function ownerGone(lock: LockInfo): boolean {
  if (machineOf(lock.holder) !== os.hostname()) return false;
  if (lock.pid === process.pid) return !activeTokens.has(lock.token);
  try {
    process.kill(lock.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Where a deploy's lock phase leaves the app's environment for its update phase. */
export function stagedEnvironment(session: HostSession): string {
  return `${session.paths.deployTo}/.deploy-env.next`;
}

async function acquire(
  context: TaskContext,
  session: HostSession,
  lock: LockInfo,
  stageEnvironment: boolean,
): Promise<string> {
  const { releases, lock: file, deployTo } = session.paths;
  const stage = stageEnvironment ? sh`(umask 077 && cat > ${stagedEnvironment(session)}) && ` : sh``;
  const input = stageEnvironment ? session.envInput() : undefined;
  const notSetUp = `${deployTo} is not set up on this host: run npm run deploy -- setup`;
  const take = sh`if [ ! -d ${releases} ]; then echo ${notSetUp} >&2; exit 1; fi; if ( set -C; printf '%s\\n' ${JSON.stringify(lock)} > ${file} ) 2>/dev/null; then :; else cat ${file} >&2; exit ${heldExit}; fi`;
  if (context.dryRun) {
    await session.run(sh`${take}; ${stage}true`, { input, what: 'take the deploy lock' });
    return session.query(
      sh`if [ -d ${releases} ]; then ${hostFactsScript(session, { removeIncomplete: false })}; fi`,
      'look at the host',
    );
  }
  const facts = sh`${stage}${hostFactsScript(session, { removeIncomplete: true })}`;
  try {
    return await session.run(sh`${take}; ${facts}`, { input, what: 'take the deploy lock' });
  } catch (error) {
    if (!(error instanceof CommandError) || error.code !== heldExit) throw error;
    const holder = parseLock(error.stderr);
    if (holder && ownerGone(holder) && holder.holder === lock.holder) {
      const output = await takeOver(session, error.stderr.trim(), lock, facts, input);
      context.reporter.warn(
        session.name,
        `took over the lock left by ${describeLock(holder)}: that run is gone (pid ${holder.pid} no longer runs it on this machine)`,
      );
      return output;
    }
    throw new LockHeld(describeHeld(holder));
  }
}

/** Replaces an abandoned lock with ours, unless it changed meanwhile. */
async function takeOver(
  session: HostSession,
  old: string,
  lock: LockInfo,
  facts: Shell,
  input: Input | undefined,
): Promise<string> {
  const { lock: file } = session.paths;
  try {
    return await session.run(
      sh`if [ "$(cat ${file} 2>/dev/null)" = ${old} ]; then printf '%s\\n' ${JSON.stringify(lock)} > ${`${file}.new`} && mv -f ${`${file}.new`} ${file}; else cat ${file} >&2; exit ${heldExit}; fi; ${facts}`,
      { input, what: 'take over the abandoned deploy lock' },
    );
  } catch (error) {
    if (!(error instanceof CommandError) || error.code !== heldExit) throw error;
    throw new LockHeld(describeHeld(parseLock(error.stderr)));
  }
}

function describeHeld(holder: LockInfo | undefined): string {
  if (!holder)
    return 'a deploy is in progress here, locked by someone (unreadable lock file). If that run is gone, remove the lock with: npm run deploy -- deploy:unlock';
  const gone = ownerGone(holder)
    ? ` Its run is gone (pid ${holder.pid} no longer runs on ${machineOf(holder.holder)}).`
    : Date.now() - Date.parse(holder.since) > 3_600_000
      ? ' The lock is over an hour old.'
      : '';
  return `a deploy is in progress here, locked by ${describeLock(holder)}.${gone} If that run is gone, remove the lock with: npm run deploy -- deploy:unlock`;
}

async function release(session: HostSession, lock: LockInfo): Promise<void> {
  activeTokens.delete(lock.token);
  await session.run(releaseScript(session, lock), { what: 'remove the deploy lock' });
}

async function warnIfHeld(context: TaskContext, session: HostSession): Promise<void> {
  const holder = await lockHolder(session).catch(() => undefined);
  if (holder)
    context.reporter.warn(session.name, `a real run would be refused here: locked by ${describeLock(holder)}`);
}

function parseLock(text: string): LockInfo | undefined {
  try {
    const value = JSON.parse(text.trim()) as LockInfo;
    return typeof value.holder === 'string' && typeof value.since === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

function machineOf(holder: string): string {
  return holder.slice(holder.lastIndexOf('@') + 1);
}

function age(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}
