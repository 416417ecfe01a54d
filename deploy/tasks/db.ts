/**
 * Migrations: the deploy's `migrate` phase, from the new release before it
 * goes live, and the `deploy:migrations` task, from the live one. They run
 * on every host that owns a database: with SQLite each app host has its own
 * (in its shared data dir), so each migrates; a server database (PostgreSQL)
 * is migrated once, from the primary db host. Migrations are forward-only and
 * must suit the old code too (it keeps serving until the switch, and again
 * after a rollback): a rollback does not undo them. A migration that fails
 * leaves no trace (each runs in one transaction) and fails the deploy.
 */
import type { HostConfig } from '#deploy/configuration.ts';
import type { TaskContext } from '#deploy/tasks/context.ts';
import { livePhase } from '#deploy/tasks/live.ts';
import { lockPhase, newLock, unlockPhase } from '#deploy/tasks/lock.ts';
import { initialStates, runPhases, type Phase } from '#deploy/tasks/phases.ts';
import { folioCommand, type HostSession } from '#deploy/tasks/session.ts';

/** Whether this host's app uses a database of its own (SQLite in its data dir) or is the one that migrates the shared one. */
export function ownsDatabase(host: HostConfig): boolean {
  if (host.primary) return true;
  return host.roles.includes('app') && !/^postgres(ql)?:/i.test(host.env.DATABASE_URL ?? '');
}

export const databaseHosts = (sessions: readonly HostSession[]) =>
  sessions.filter((session) => ownsDatabase(session.host));

export const migratePhase: Phase = {
  name: 'migrate',
  description:
    'apply pending migrations from the release, on every host that owns a database (each app host with SQLite; the primary db host for a shared one)',
  undoDescription: '',
  critical: true,
  hosts: databaseHosts,
  async run(context, session, state) {
    const release = session.paths.release(state.target);
    const output = await session.run(session.appCommand(release, folioCommand('db:migrate')), { what: 'db:migrate' });
    const summary = output.trim().split('\n')[0];
    if (summary) context.reporter.info(session.name, summary);
  },
};

/** `deploy:migrations`: pending migrations of the live release, on every host that owns a database. */
export async function migrations(context: TaskContext): Promise<void> {
  const lock = newLock(context);
  await runPhases(context, [lockPhase(lock), livePhase, migratePhase, unlockPhase(lock)], initialStates(context));
}
