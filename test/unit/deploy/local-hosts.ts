/** Two hosts on the local transport, each a temp deployTo: enough for the tasks that need no app. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { resolveConfiguration, type Configuration } from '#deploy/configuration.ts';
import type { Recipe } from '#deploy/dsl.ts';
import { PlainReporter } from '#deploy/output/reporter.ts';
import { runTask } from '#deploy/run.ts';
import type { TaskContext } from '#deploy/tasks/context.ts';
import { hookableNames } from '#deploy/tasks/index.ts';
import { hostPaths } from '#deploy/tasks/paths.ts';
import { HostSession } from '#deploy/tasks/session.ts';
import { LocalTransport } from '#deploy/transport/local.ts';

export interface LocalWorld {
  readonly dir: string;
  readonly config: Configuration;
  deployTo(host: 'a' | 'b'): string;
  /** Runs a task through runTask; resolves with its output and error (if any). */
  run(
    task: string,
    args?: string[],
    options?: { dryRun?: boolean },
  ): Promise<{ output: string; error: string | undefined }>;
  /** A context for driving phases directly, with its output so far. */
  context(task?: string): { context: TaskContext; output: () => string };
  remove(): void;
}

export function localWorld(extra: Partial<Recipe> = {}): LocalWorld {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'folio-deploy-unit-'));
  const deployTo = (host: 'a' | 'b') => path.join(dir, host);
  const recipe: Recipe = {
    application: 'unit',
    repository: dir,
    deployTo: '/unused',
    keepReleases: 2,
    servers: [
      {
        host: '127.0.0.1',
        name: 'a',
        transport: 'local',
        roles: ['app', 'web', 'db'],
        primary: true,
        deployTo: deployTo('a'),
      },
      { host: '127.0.0.1', name: 'b', transport: 'local', roles: ['app', 'web'], deployTo: deployTo('b') },
    ],
    workers: { http: true, listen: '127.0.0.1:1', count: 1 },
    ...extra,
  };
  const config = resolveConfiguration(recipe, { knownTasks: hookableNames() });
  return {
    dir,
    config,
    deployTo,
    async run(task, args = [], options = {}) {
      const { stream, text } = capture();
      try {
        await runTask(config, { task, args, output: stream, live: false, dryRun: options.dryRun });
        return { output: text(), error: undefined };
      } catch (error) {
        return { output: text(), error: (error as Error).message };
      }
    },
    context(task = 'test') {
      const { stream, text } = capture();
      const reporter = new PlainReporter({ stream, hosts: ['a', 'b'] });
      const sessions = config.hosts.map(
        (host) => new HostSession(host, hostPaths(host, config.sharedPaths), new LocalTransport(), reporter),
      );
      return {
        context: { config, task, sessions, reporter, dryRun: false, args: [], deployer: 'tester@unit' },
        output: text,
      };
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function capture() {
  let text = '';
  const stream = new Writable({ write: (chunk: Buffer, _encoding, done) => ((text += chunk.toString()), done()) });
  return { stream, text: () => text };
}
