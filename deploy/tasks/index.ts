/**
 * Every task `npm run deploy -- <task>` knows, with its description, its
 * arguments and the hosts it runs on by default. The recipe's own tasks
 * (dsl `task(...)`) are added at run time.
 */
import type { Role } from '#deploy/dsl.ts';
import { backup, backupUnlock } from '#deploy/tasks/backup/index.ts';
import { restore } from '#deploy/tasks/backup/restore.ts';
import { check } from '#deploy/tasks/check.ts';
import { cleanup } from '#deploy/tasks/cleanup.ts';
import { migrations } from '#deploy/tasks/db.ts';
import { deploy, describeDeployPhases } from '#deploy/tasks/deploy/index.ts';
import { invoke } from '#deploy/tasks/invoke.ts';
import { forceUnlock } from '#deploy/tasks/lock.ts';
import { logs } from '#deploy/tasks/logs.ts';
import { releases } from '#deploy/tasks/releases.ts';
import { restart } from '#deploy/tasks/restart.ts';
import { rollback } from '#deploy/tasks/rollback.ts';
import { setup } from '#deploy/tasks/setup.ts';
import { disableWeb, enableWeb } from '#deploy/tasks/web.ts';
import { webConfig } from '#deploy/tasks/web-config.ts';
import type { TaskContext } from '#deploy/tasks/context.ts';

export interface TaskDefinition {
  readonly name: string;
  readonly description: string;
  /** Its own arguments, for the listing. */
  readonly usage?: string;
  /** The hosts it runs on unless --roles says otherwise; default every host. */
  readonly roles?: readonly Role[];
  run(context: TaskContext): Promise<void>;
}

export const builtInTasks: readonly TaskDefinition[] = [
  { name: 'setup', description: 'create deployTo/{releases,shared/...} on every host (safe to repeat)', run: setup },
  {
    name: 'check',
    description:
      'verify every host: connection, git or tar, node and npm, build tools, write access, free disk, shared dirs',
    run: check,
  },
  {
    name: 'deploy',
    description:
      'deploy the branch: lock, update, install, migrate, verify, switch, web, restart, health, cleanup, unlock',
    run: deploy,
  },
  {
    name: 'deploy:migrations',
    description: 'apply pending migrations of the live release (every host that owns a database)',
    run: migrations,
  },
  {
    name: 'rollback',
    usage: '[--to RELEASE]',
    description: 'go back to the release that was live before the current one (or to --to), restart, check health',
    run: rollback,
  },
  {
    name: 'restart',
    description: 'apply pending migrations, restart the workers of the live release, then check health',
    roles: ['app'],
    run: restart,
  },
  { name: 'cleanup', description: 'remove old releases, keeping keepReleases and the live one', run: cleanup },
  { name: 'releases', description: 'list the releases on every host, marking the live one', run: releases },
  {
    name: 'web:disable',
    usage: '[--reason TEXT] [--until TIME]',
    description: 'put up the maintenance page (the web server answers 503 with it)',
    roles: ['web'],
    run: disableWeb,
  },
  { name: 'web:enable', description: 'take the maintenance page down', roles: ['web'], run: enableWeb },
  {
    name: 'web:config',
    description:
      'install the web server site the live release generates (webServer setting), if it changed: enable, check, reload gracefully',
    roles: ['web'],
    run: webConfig,
  },
  {
    name: 'invoke',
    usage: '-- COMMAND [ARGS...]',
    description: 'run a command in current, with the app environment (app hosts unless --roles)',
    roles: ['app'],
    run: invoke,
  },
  {
    name: 'logs',
    usage: '[--lines N] [--follow]',
    description: 'tail the app log (app hosts unless --roles)',
    roles: ['app'],
    run: logs,
  },
  {
    name: 'backup',
    description:
      'back up the database and the uploads (db:backup on the hosts that own them) to the backup host with rsync, keeping the newest `keep`; skips (exit 75) while another runs',
    roles: ['app', 'db'],
    run: backup,
  },
  {
    name: 'restore',
    usage: '[--at TIME] [--from-host NAME]',
    description:
      'bring back the newest backup (or the newest at or before --at): copy it to the hosts, stop the workers, db:restore, migrate, restart, check health',
    roles: ['app', 'db'],
    run: restore,
  },
  {
    name: 'backup:unlock',
    description: 'remove a backup lock left by a backup or restore that died (says whose it was)',
    roles: ['app', 'db'],
    run: backupUnlock,
  },
  {
    name: 'deploy:unlock',
    description: 'remove a deploy lock left by a run that died (says whose it was)',
    run: forceUnlock,
  },
];

/** Names hooks may attach to: every task, and each deploy phase as deploy:<phase>. */
export function hookableNames(): string[] {
  return [...builtInTasks.map((task) => task.name), ...describeDeployPhases().map((phase) => `deploy:${phase.name}`)];
}
