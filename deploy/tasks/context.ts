/**
 * What every task runs with, and the two ways tasks touch many hosts:
 * `onHosts` (all in parallel, waiting for every host before deciding) and
 * `runHooks` (the recipe's before/after functions for a task or phase).
 */
import type { Configuration } from '#deploy/configuration.ts';
import type { HookContext } from '#deploy/dsl.ts';
import type { Reporter } from '#deploy/output/reporter.ts';
import type { HostSession } from '#deploy/tasks/session.ts';

export interface TaskContext {
  readonly config: Configuration;
  /** The task being run (hooks can tell a deploy's switch from a rollback's). */
  readonly task: string;
  readonly sessions: readonly HostSession[];
  readonly reporter: Reporter;
  readonly dryRun: boolean;
  /** The task's own arguments (after its name). */
  readonly args: readonly string[];
  /** user@machine, for the lock file. */
  readonly deployer: string;
}

/** A task failed; what went wrong on each host has been reported already. */
export class TaskFailed extends Error {
  override name = 'TaskFailed';
}

export class HostFailures extends Error {
  override name = 'HostFailures';
  constructor(readonly failures: readonly { host: string; error: Error }[]) {
    super(failures.map(({ host, error }) => `${host}: ${error.message}`).join('\n'));
  }
}

/** Runs `work` on every session at once and waits for all; throws HostFailures naming each host that failed. */
export async function onHosts<T>(
  sessions: readonly HostSession[],
  work: (session: HostSession) => Promise<T>,
): Promise<T[]> {
  const settled = await Promise.allSettled(sessions.map((session) => work(session)));
  const failures = settled.flatMap((outcome, index) =>
    outcome.status === 'rejected' ? [{ host: sessions[index]!.name, error: asError(outcome.reason) }] : [],
  );
  if (failures.length) throw new HostFailures(failures);
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<T>).value);
}

/** The recipe's hooks for `when` `taskName`, on one host, in recipe order. */
export async function runHooks(
  context: TaskContext,
  when: 'before' | 'after',
  taskName: string,
  session: HostSession,
  releasePath?: string,
): Promise<void> {
  for (const hook of context.config.hooks) {
    if (hook.when !== when || hook.task !== taskName) continue;
    context.reporter.info(session.name, `${when} ${taskName}: ${hook.description}`);
    await hook.run(hookContext(context, session, releasePath ?? session.paths.current));
  }
}

export function hookContext(context: TaskContext, session: HostSession, releasePath: string): HookContext {
  const { host, paths } = session;
  return Object.freeze({
    host: Object.freeze({
      name: host.name,
      host: host.host,
      port: host.port,
      roles: host.roles,
      primary: host.primary,
    }),
    stage: context.config.stage,
    task: context.task,
    dryRun: context.dryRun,
    deployTo: paths.deployTo,
    releasePath,
    currentPath: paths.current,
    sharedPath: paths.shared,
    run: (argv: readonly string[], options: { cwd?: string } = {}) =>
      session.run(session.hookCommand(releasePath, nonInteractive(argv), options.cwd), {
        input: session.envInput(),
        what: argv.join(' '),
      }),
  });
}

/** `sudo` never prompts here: `-n` makes it fail at once when it would need a password. */
function nonInteractive(argv: readonly string[]): readonly string[] {
  return argv[0] === 'sudo' && !argv.includes('-n') ? ['sudo', '-n', ...argv.slice(1)] : argv;
}

export function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}
