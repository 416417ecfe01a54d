/**
 * A task as a named sequence of phases (deploy, rollback, restart). Each
 * phase runs on every host at once and the next starts only when all have
 * finished: check every host, prepare every host, then switch them all.
 * When a critical phase fails anywhere, the phases already begun are undone
 * in reverse order on every host where they began; a non-critical one
 * (cleanup, unlock) only warns, since by then the release is live.
 */
import { HostFailures, TaskFailed, onHosts, runHooks, type TaskContext } from '#deploy/tasks/context.ts';
import { formatDuration } from '#deploy/output/duration.ts';
import type { HostFacts } from '#deploy/tasks/host-facts.ts';
import { LockHeld } from '#deploy/tasks/lock.ts';
import type { HostSession } from '#deploy/tasks/session.ts';

/** What a task knows about one host as it goes. */
export interface HostState {
  /** The release `current` pointed to when the task began; undefined on a first deploy. */
  previous: string | undefined;
  /** The release this task makes live: the new one (deploy), the chosen one (rollback), the live one (restart). */
  target: string;
  /** Phases begun on this host, so undo touches only those. */
  readonly attempted: Set<string>;
  /** What the lock phase learnt about the host. */
  facts?: HostFacts;
  /** The release `current` points to as far as this run knows (after its switches and their undoing). */
  live?: string;
  /** The host is already where this task takes it (a re-run converging): the changing phases skip it. */
  done?: boolean;
}

export interface Phase {
  /** Hooks attach to `deploy:<name>`. */
  readonly name: string;
  readonly description: string;
  /** What undoing it does ('' when there is nothing to undo). */
  readonly undoDescription: string;
  /** False: a failure is a warning, not a failed task. */
  readonly critical: boolean;
  /** The hosts it runs on; default all. */
  readonly hosts?: (sessions: readonly HostSession[]) => readonly HostSession[];
  /** Synchronous when it only decides from what the lock phase read. */
  run(context: TaskContext, session: HostSession, state: HostState): Promise<void> | void;
  undo?(context: TaskContext, session: HostSession, state: HostState): Promise<void>;
  /** Once every host has run it: a check across hosts (they agree); throwing fails the phase. */
  verify?(context: TaskContext, states: HostStates): void;
}

export type HostStates = ReadonlyMap<string, HostState>;

export function initialStates(context: TaskContext, target = ''): Map<string, HostState> {
  return new Map(
    context.sessions.map((session) => [session.name, { previous: undefined, target, attempted: new Set<string>() }]),
  );
}

/** Runs the phases; on a critical failure undoes what was begun and throws TaskFailed. */
export async function runPhases(context: TaskContext, phases: readonly Phase[], states: HostStates): Promise<void> {
  const begun: Phase[] = [];
  for (const [index, phase] of phases.entries()) {
    const sessions = phase.hosts?.(context.sessions) ?? context.sessions;
    begun.push(phase);
    try {
      await onHosts(sessions, (session) =>
        runOnHost(context, phase, session, stateOf(states, session), index + 1, phases.length),
      );
      verifyAcross(context, phase, states);
    } catch (error) {
      if (!(error instanceof HostFailures)) throw error;
      if (!phase.critical) {
        for (const { host, error: cause } of error.failures)
          context.reporter.warn(host, `${phase.name} failed (${cause.message}); the release is live, carrying on`);
        continue;
      }
      const complete = await undo(context, begun.reverse(), states);
      const where = error.failures.map(({ host }) => host).join(', ');
      const cause = error.failures[0]!.error.message;
      if (
        phase.name === 'lock' &&
        complete &&
        error.failures.every(({ error: failure }) => failure instanceof LockHeld)
      ) {
        throw new TaskFailed(`${context.task} refused on ${where}: ${cause}\nnothing was changed on any host`);
      }
      throw new TaskFailed(
        `${context.task} failed at ${phase.name} on ${where}: ${cause}\n` +
          (complete
            ? `rolled back on every host: ${whereHostsAre(context, states)}`
            : `ROLLBACK INCOMPLETE: ${whereHostsAre(context, states)}. See the warnings above; run the same command again once the hosts are reachable: it brings every host to one release`),
      );
    }
  }
}

function verifyAcross(context: TaskContext, phase: Phase, states: HostStates): void {
  try {
    phase.verify?.(context, states);
  } catch (error) {
    context.reporter.warn(undefined, (error as Error).message);
    throw new HostFailures([{ host: 'all hosts', error: error as Error }]);
  }
}

async function runOnHost(
  context: TaskContext,
  phase: Phase,
  session: HostSession,
  state: HostState,
  index: number,
  total: number,
): Promise<void> {
  const started = Date.now();
  context.reporter.phaseStarted(session.name, index, total, phase.name);
  state.attempted.add(phase.name);
  try {
    await runHooks(context, 'before', `deploy:${phase.name}`, session, releasePathOf(session, state));
    await phase.run(context, session, state);
    await runHooks(context, 'after', `deploy:${phase.name}`, session, releasePathOf(session, state));
  } catch (error) {
    context.reporter.phaseFailed(session.name, phase.name, (error as Error).message);
    throw error;
  }
  context.reporter.phaseDone(session.name, phase.name, Date.now() - started);
}

/** Undoes each begun phase, newest first, on the hosts where it began; false if any undo failed. */
async function undo(context: TaskContext, phases: readonly Phase[], states: HostStates): Promise<boolean> {
  let complete = true;
  const started = Date.now();
  context.reporter.info(undefined, 'rolling back');
  for (const phase of phases) {
    if (!phase.undo) continue;
    const sessions = context.sessions.filter((session) => stateOf(states, session).attempted.has(phase.name));
    if (sessions.length === 0) continue;
    try {
      await onHosts(sessions, async (session) => {
        await phase.undo!(context, session, stateOf(states, session));
        context.reporter.info(session.name, `undone ${phase.name}: ${phase.undoDescription}`);
      });
    } catch (error) {
      if (!(error instanceof HostFailures)) throw error;
      complete = false;
      for (const { host, error: cause } of error.failures)
        context.reporter.warn(host, `could not undo ${phase.name} (${phase.undoDescription}): ${cause.message}`);
    }
  }
  context.reporter.info(
    undefined,
    `rollback ${complete ? 'done' : 'INCOMPLETE'} in ${formatDuration(Date.now() - started)}`,
  );
  return complete;
}

export function stateOf(states: HostStates, session: HostSession): HostState {
  const state = states.get(session.name);
  if (!state) throw new Error(`no state for host ${session.name}`);
  return state;
}

function releasePathOf(session: HostSession, state: HostState): string {
  return state.target ? session.paths.release(state.target) : session.paths.current;
}

/** `host-a on 20260101000000, host-b on 20260102000000`: which host runs which release now, as far as this run knows. */
export function whereHostsAre(context: TaskContext, states: HostStates): string {
  return context.sessions
    .map((session) => {
      const state = stateOf(states, session);
      return `${session.name} on ${state.live ?? (state.attempted.has('switch') ? 'an unknown release' : state.previous) ?? 'no release'}`;
    })
    .join(', ');
}
