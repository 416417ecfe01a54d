/**
 * Phase 5: migrations, on the primary db host only, once, from the new
 * release before it goes live. Migrations are forward-only and must suit the
 * old code too (it keeps serving until the switch, and again after a
 * rollback): a rollback does not undo them.
 */
import type { Phase } from '#deploy/tasks/phases.ts';
import type { HostSession } from '#deploy/tasks/session.ts';

export const primaryDb = (sessions: readonly HostSession[]) => sessions.filter((session) => session.host.primary);

export const migratePhase: Phase = {
  name: 'migrate',
  description: 'npm run db:migrate in the release, on the primary db host only',
  undoDescription: '',
  critical: true,
  hosts: primaryDb,
  async run(_context, session, state) {
    const release = session.paths.release(state.target);
    await session.run(session.appCommand(release, ['npm', 'run', '--silent', 'db:migrate']), { what: 'npm run db:migrate' });
  },
};
