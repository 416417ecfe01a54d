/**
 * `deploy`: the phases, in order, each on every host before the next
 * begins. Before the switch a failure removes the new release everywhere
 * and the old one keeps serving; at or after it, every host is switched
 * back and its workers restarted. Cleanup and unlock only warn.
 *
 * Each phase is one round trip per host (the lock phase also reads the
 * host's state), so a later deploy costs about ten.
 */
import { resolveRevision, type Revision } from '#deploy/scm/git.ts';
import { formatDuration } from '#deploy/output/duration.ts';
import { cleanupPhase } from '#deploy/tasks/cleanup.ts';
import { migratePhase } from '#deploy/tasks/db.ts';
import { healthPhase } from '#deploy/tasks/health.ts';
import { lockPhase, newLock, unlockPhase, type LockInfo } from '#deploy/tasks/lock.ts';
import { newReleaseName } from '#deploy/tasks/paths.ts';
import { initialStates, runPhases, whereHostsAre, type Phase } from '#deploy/tasks/phases.ts';
import { switchPhase } from '#deploy/tasks/switch.ts';
import { verifyPhase } from '#deploy/tasks/verify.ts';
import { webConfigPhase } from '#deploy/tasks/web-config.ts';
import { restartPhase } from '#deploy/tasks/restart.ts';
import { installPhase } from '#deploy/tasks/deploy/install.ts';
import { updatePhase } from '#deploy/tasks/deploy/update.ts';
import type { TaskContext } from '#deploy/tasks/context.ts';

export function deployPhases(lock: LockInfo, revision: Revision): Phase[] {
  return [
    lockPhase(lock, { stageEnvironment: true }),
    updatePhase(revision),
    installPhase,
    migratePhase,
    verifyPhase,
    switchPhase({ recordPrevious: true }),
    webConfigPhase,
    restartPhase,
    healthPhase,
    cleanupPhase,
    unlockPhase(lock),
  ];
}

/** The phase names and descriptions, for `deploy -- tasks` and hook checking. */
export function describeDeployPhases(): Phase[] {
  const lock: LockInfo = { token: '', holder: '', pid: 0, since: '', task: 'deploy' };
  return deployPhases(lock, { sha: '', branch: '', repository: { kind: 'git', url: '' } });
}

export async function deploy(context: TaskContext): Promise<void> {
  const started = Date.now();
  const { config, reporter } = context;
  // Resolved once, before any host is touched: every host gets this commit.
  const revision = await resolveRevision(config.repository, config.branch);
  const release = newReleaseName();
  reporter.info(
    undefined,
    `deploying ${config.application} ${config.branch} @ ${revision.sha.slice(0, 10)} as release ${release} to ${context.sessions.map((s) => s.name).join(', ')}${context.dryRun ? ' (dry run: nothing will change)' : ''}`,
  );
  const states = initialStates(context, release);
  await runPhases(context, deployPhases(newLock(context, release), revision), states);
  reporter.info(
    undefined,
    `release ${release} is live on ${context.sessions.length} host(s), in ${formatDuration(Date.now() - started)}: ${whereHostsAre(context, states)}`,
  );
}
