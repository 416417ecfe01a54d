/**
 * `rollback [--to RELEASE]`: back to the release that was live before the
 * current one (as the deploy that replaced it recorded), never "the second
 * newest directory", which may be a release that never went live. Every
 * host must agree on where to go, else it refuses and asks for --to. A host
 * already on the target counts as done, so re-running a rollback that a
 * dropped connection cut short brings every host to one release. A failing
 * health check switches back.
 */
import { parseArgs } from 'node:util';
import { formatDuration } from '#deploy/output/duration.ts';
import { healthPhase } from '#deploy/tasks/health.ts';
import { lockPhase, newLock, unlockPhase } from '#deploy/tasks/lock.ts';
import { releaseName } from '#deploy/tasks/paths.ts';
import { initialStates, runPhases, stateOf, whereHostsAre, type Phase } from '#deploy/tasks/phases.ts';
import { switchPhase } from '#deploy/tasks/switch.ts';
import { restartPhase } from '#deploy/tasks/restart.ts';
import type { TaskContext } from '#deploy/tasks/context.ts';

export async function rollback(context: TaskContext): Promise<void> {
  const { values } = parseArgs({ args: [...context.args], options: { to: { type: 'string' } }, strict: true });
  if (values.to !== undefined && !releaseName.test(values.to))
    throw new Error(`--to: expected a release name like 20260514093000, got "${values.to}"`);
  const started = Date.now();
  const states = initialStates(context);
  const lock = newLock(context);
  await runPhases(
    context,
    [
      lockPhase(lock),
      choosePhase(values.to),
      switchPhase({ recordPrevious: false }),
      restartPhase,
      healthPhase,
      unlockPhase(lock),
    ],
    states,
  );
  const done = context.sessions.filter((session) => stateOf(states, session).done).map((session) => session.name);
  context.reporter.info(
    undefined,
    `rolled back in ${formatDuration(Date.now() - started)}: ${whereHostsAre(context, states)}${done.length ? ` (${done.join(', ')} already there)` : ''}`,
  );
}

/** Chooses each host's target from what the lock phase read (no round trip). */
export function choosePhase(to: string | undefined): Phase {
  return {
    name: 'choose',
    description: 'find the release to return to: --to, or the one live before the current one',
    undoDescription: '',
    critical: true,
    run(_context, _session, state) {
      const facts = state.facts;
      if (!facts?.live) throw new Error('nothing is deployed here: there is nothing to roll back');
      const target = to ?? facts.previousOfLive;
      if (!target)
        throw new Error(
          `release ${facts.live} records no previous release (it was the first deploy); use --to RELEASE`,
        );
      state.target = target;
      if (target === facts.live) {
        state.done = true;
        return;
      }
      if (!facts.releases.includes(target))
        throw new Error(`release ${target} is not here (removed by cleanup?) or was never completed`);
    },
    verify(context, states) {
      const targets = context.sessions.map((session) => `${session.name} → ${stateOf(states, session).target}`);
      if (new Set(context.sessions.map((session) => stateOf(states, session).target)).size > 1)
        throw new Error(
          `the hosts would roll back to different releases (${targets.join(', ')}); choose one with --to RELEASE`,
        );
    },
  };
}
