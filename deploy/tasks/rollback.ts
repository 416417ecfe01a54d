/**
 * `rollback [--to RELEASE]`, under the same lock as deploys. It returns to
 * the release that was live before the current one (as the deploy that
 * replaced it recorded), never "the second newest directory", which may be
 * a release that never went live. Every host must agree on where to go,
 * else it refuses and asks for --to. A failing health check switches back.
 */
import { parseArgs } from 'node:util';
import { formatDuration } from '#deploy/output/duration.ts';
import { sh } from '#deploy/transport/shell.ts';
import { sweepPhase } from '#deploy/tasks/cache.ts';
import { healthPhase } from '#deploy/tasks/health.ts';
import { lockPhase, newLock, unlockPhase } from '#deploy/tasks/lock.ts';
import { releaseName } from '#deploy/tasks/paths.ts';
import { initialStates, runPhases, stateOf, type Phase } from '#deploy/tasks/phases.ts';
import { recordedPrevious, switchPhase } from '#deploy/tasks/switch.ts';
import { restartPhase } from '#deploy/tasks/workers.ts';
import type { TaskContext } from '#deploy/tasks/context.ts';

export async function rollback(context: TaskContext): Promise<void> {
  const { values } = parseArgs({ args: [...context.args], options: { to: { type: 'string' } }, strict: true });
  if (values.to !== undefined && !releaseName.test(values.to)) throw new Error(`--to: expected a release name like 20260514093000, got "${values.to}"`);
  const started = Date.now();
  const states = initialStates(context);
  const lock = newLock(context);
  await runPhases(context, [lockPhase(lock), choosePhase(values.to), switchPhase({ recordPrevious: false }), restartPhase, healthPhase, sweepPhase, unlockPhase(lock)], states);
  const target = stateOf(states, context.sessions[0]!).target;
  context.reporter.info(undefined, `rolled back to ${target} on ${context.sessions.length} host(s), in ${formatDuration(Date.now() - started)}`);
}

function choosePhase(to: string | undefined): Phase {
  return {
    name: 'choose',
    description: 'find the release to return to: --to, or the one live before the current one',
    undoDescription: '',
    critical: true,
    async run(_context, session, state) {
      if (!state.previous) throw new Error('nothing is deployed here: there is nothing to roll back');
      const target = to ?? (await recordedPrevious(session, state.previous));
      if (!target) throw new Error(`release ${state.previous} records no previous release (it was the first deploy); use --to RELEASE`);
      if (target === state.previous) throw new Error(`${target} is already live`);
      const dir = session.paths.release(target);
      const complete = await session.query(sh`if [ -f ${`${dir}/REVISION`} ] && [ -f ${`${dir}/.deploy-env`} ]; then echo yes; fi`, `look at release ${target}`);
      if (complete.trim() !== 'yes') throw new Error(`release ${target} is not here (removed by cleanup?) or was never completed`);
      state.target = target;
    },
    verify(context, states) {
      const targets = context.sessions.map((session) => `${session.name} → ${stateOf(states, session).target}`);
      if (new Set(context.sessions.map((session) => stateOf(states, session).target)).size > 1) throw new Error(`the hosts would roll back to different releases (${targets.join(', ')}); choose one with --to RELEASE`);
    },
  };
}
