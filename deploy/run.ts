/**
 * Runs one task against a resolved configuration: picks the hosts, opens a
 * transport to each (ssh or local, behind the dry-run twin when asked), runs
 * the recipe's before hooks, the task and its after hooks, and closes every
 * connection whatever happens. The CLI and the tests both come through here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Writable } from 'node:stream';
import type { Configuration, HostConfig } from '#deploy/configuration.ts';
import type { Role } from '#deploy/dsl.ts';
import { createReporter, type Reporter } from '#deploy/output/reporter.ts';
import { DryRunTransport } from '#deploy/transport/dry-run.ts';
import { LocalTransport } from '#deploy/transport/local.ts';
import { SshTransport } from '#deploy/transport/ssh.ts';
import type { Transport } from '#deploy/transport/types.ts';
import { HostFailures, TaskFailed, hookContext, onHosts, runHooks, type TaskContext } from '#deploy/tasks/context.ts';
import { builtInTasks, type TaskDefinition } from '#deploy/tasks/index.ts';
import { hostPaths } from '#deploy/tasks/paths.ts';
import { HostSession } from '#deploy/tasks/session.ts';

export interface RunOptions {
  readonly task: string;
  readonly args?: readonly string[];
  readonly dryRun?: boolean;
  /** Only hosts with one of these roles (default: the task's own default). */
  readonly roles?: readonly Role[];
  /** Only these hosts, by name. */
  readonly hosts?: readonly string[];
  readonly output?: Writable & { isTTY?: boolean; columns?: number };
  readonly verbose?: boolean;
  /** Force the live display on or off (default: when output is a terminal). */
  readonly live?: boolean;
}

/** Runs the task; rejects with TaskFailed (already reported host by host) or a plain Error. */
export async function runTask(config: Configuration, options: RunOptions): Promise<void> {
  const definition = findTask(config, options.task);
  const hosts = selectHosts(config, definition, options);
  const reporter = createReporter({
    stream: options.output ?? process.stdout,
    hosts: hosts.map((host) => host.name),
    verbose: options.verbose,
    live: options.live,
  });
  const controlDir = hosts.some((host) => host.transport === 'ssh')
    ? mkdtempSync(path.join(os.tmpdir(), 'folio-ssh-'))
    : undefined;
  const transports = hosts.map((host) => openTransport(config, host, controlDir, options.dryRun ?? false, reporter));
  const context: TaskContext = {
    config,
    task: definition.name,
    sessions: hosts.map(
      (host, index) => new HostSession(host, hostPaths(host, config.sharedPaths), transports[index]!, reporter),
    ),
    reporter,
    dryRun: options.dryRun ?? false,
    args: options.args ?? [],
    deployer: `${os.userInfo().username}@${os.hostname()}`,
  };
  try {
    await onHosts(context.sessions, (session) => runHooks(context, 'before', definition.name, session));
    await definition.run(context);
    await onHosts(context.sessions, (session) => runHooks(context, 'after', definition.name, session));
  } catch (error) {
    if (error instanceof HostFailures) {
      for (const { host, error: cause } of error.failures) reporter.warn(host, cause.message);
      throw new TaskFailed(
        `${definition.name} failed on ${error.failures.map(({ host }) => host).join(', ')}: ${error.failures[0]!.error.message}`,
      );
    }
    throw error;
  } finally {
    await Promise.all(transports.map((transport) => transport.close()));
    if (controlDir) rmSync(controlDir, { recursive: true, force: true });
    const count = commandCount(hosts, transports);
    if (count) reporter.info(undefined, count);
    reporter.close();
  }
}

/** Built-in tasks, then the recipe's own. */
export function allTasks(config: Pick<Configuration, 'tasks'> | undefined): TaskDefinition[] {
  const custom = (config?.tasks ?? []).map((task): TaskDefinition => ({
    name: task.name,
    description: task.description,
    roles: task.roles,
    run: (context) =>
      onHosts(context.sessions, (session) =>
        Promise.resolve(task.run(hookContext(context, session, session.paths.current))),
      ).then(() => undefined),
  }));
  return [...builtInTasks, ...custom];
}

function findTask(config: Configuration, name: string): TaskDefinition {
  const task = allTasks(config).find((candidate) => candidate.name === name);
  if (!task) throw new Error(`unknown task "${name}" (see: npm run deploy -- tasks)`);
  return task;
}

function selectHosts(config: Configuration, task: TaskDefinition, options: RunOptions): HostConfig[] {
  for (const name of options.hosts ?? []) {
    if (!config.hosts.some((host) => host.name === name))
      throw new Error(`--hosts: no host named "${name}" (hosts: ${config.hosts.map((host) => host.name).join(', ')})`);
  }
  const roles = options.roles ?? task.roles;
  const hosts = config.hosts.filter(
    (host) =>
      (!options.hosts || options.hosts.includes(host.name)) &&
      (!roles || host.roles.some((role) => roles.includes(role))),
  );
  if (hosts.length === 0)
    throw new Error(`${task.name}: no host ${roles ? `has the role ${roles.join(' or ')}` : 'selected'}`);
  return hosts;
}

/** `9 commands over ssh to host-a, 9 to host-b`: each is one round trip, the figure a deploy's speed hangs on. */
export function commandCount(hosts: readonly HostConfig[], transports: readonly Transport[]): string | undefined {
  const counts = hosts.flatMap((host, index) =>
    host.transport === 'ssh' ? [{ host: host.name, n: transports[index]!.commands }] : [],
  );
  if (counts.length === 0) return undefined;
  return counts
    .map(({ host, n }, index) =>
      index === 0 ? `${n} command${n === 1 ? '' : 's'} over ssh to ${host}` : `${n} to ${host}`,
    )
    .join(', ');
}

function openTransport(
  config: Configuration,
  host: HostConfig,
  controlDir: string | undefined,
  dryRun: boolean,
  reporter: Reporter,
): Transport {
  const transport: Transport =
    host.transport === 'local'
      ? new LocalTransport()
      : new SshTransport(host, { ...config.ssh, controlDir: controlDir! });
  return dryRun ? new DryRunTransport(transport, (line) => reporter.info(host.name, line)) : transport;
}
