/**
 * `npm run deploy -- [options] <task> [task arguments]`
 *   --config FILE   the recipe (default config/deploy.ts)
 *   --stage NAME    one of the recipe's stages (default: its defaultStage, else production)
 *   --dry-run       print every command that would change a host; change nothing
 *   --roles a,b     only hosts with these roles;  --hosts x,y  only these hosts
 *   --verbose       show the commands' own output
 * `init` writes a starter recipe; `tasks` lists the tasks and the deploy phases.
 * Exit status: 0 done, 1 failed or refused, 2 a usage error, 75 (EX_TEMPFAIL)
 * a backup skipped because another backup or restore was in progress.
 */
import path from 'node:path';
import { RecipeError, resolveConfiguration, type Configuration } from '#deploy/configuration.ts';
import { roles, type Role } from '#deploy/dsl.ts';
import { describeDeployPhases } from '#deploy/tasks/deploy/index.ts';
import { hookableNames } from '#deploy/tasks/index.ts';
import { writeStarterRecipe } from '#deploy/tasks/init.ts';
import { TaskFailed } from '#deploy/tasks/context.ts';
import { BackupSkipped, skippedExitCode } from '#deploy/tasks/backup/lock.ts';
import { allTasks, runTask } from '#deploy/run.ts';
import { loadRecipe, RecipeMissing } from '#deploy/recipe-file.ts';

const valued = ['--config', '--stage', '--roles', '--hosts'] as const;
const flags = ['--dry-run', '--verbose', '--help'] as const;

interface Invocation {
  config: string;
  stage?: string;
  roles?: Role[];
  hosts?: string[];
  dryRun: boolean;
  verbose: boolean;
  task: string | undefined;
  args: string[];
}

class UsageError extends Error {}

export async function main(argv: readonly string[]): Promise<number> {
  let invocation: Invocation;
  try {
    invocation = parse(argv);
  } catch (error) {
    console.error(`deploy: ${(error as Error).message}\n${usage()}`);
    return 2;
  }
  const { task } = invocation;
  if (!task || task === 'help') return (console.log(usage()), task ? 0 : 2);
  try {
    if (task === 'init') {
      const file = writeStarterRecipe(invocation.config);
      console.log(`wrote ${file}: edit it, then run npm run deploy -- setup, check and deploy`);
      return 0;
    }
    if (task === 'tasks') return (console.log(await taskList(invocation)), 0);
    const config = await configuration(invocation);
    if (task !== 'logs') interruptible();
    await runTask(config, {
      task,
      args: invocation.args,
      dryRun: invocation.dryRun,
      roles: invocation.roles,
      hosts: invocation.hosts,
      verbose: invocation.verbose,
    });
    return 0;
  } catch (error) {
    if (error instanceof BackupSkipped) return (console.error(`deploy: ${error.message}`), skippedExitCode);
    if (error instanceof RecipeError) console.error(`deploy: recipe ${invocation.config}: ${error.message}`);
    else if (error instanceof TaskFailed || error instanceof RecipeMissing || error instanceof UsageError)
      console.error(`deploy: ${error.message}`);
    else if (error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))
      console.error(`deploy: ${task}: ${error.message}`);
    else console.error(`deploy: ${(error as Error).message ?? error}`);
    return 1;
  }
}

async function configuration(invocation: Invocation): Promise<Configuration> {
  const recipe = await loadRecipe(invocation.config);
  return resolveConfiguration(recipe, { stage: invocation.stage, knownTasks: hookableNames(), baseDir: process.cwd() });
}

async function taskList(invocation: Invocation): Promise<string> {
  const config = await configuration(invocation).catch((error: unknown) => {
    if (error instanceof RecipeMissing) return undefined;
    throw error;
  });
  const tasks = allTasks(config);
  const width = Math.max(...tasks.map((task) => `${task.name} ${task.usage ?? ''}`.length));
  const lines = tasks.map((task) => `  ${`${task.name} ${task.usage ?? ''}`.padEnd(width)}  ${task.description}`);
  const phases = describeDeployPhases().map(
    (phase, index) =>
      `  ${String(index + 1).padStart(2)}. ${phase.name.padEnd(8)} ${phase.description}${phase.undoDescription ? `\n      undo: ${phase.undoDescription}` : ''}${phase.critical ? '' : '\n      (a failure here is a warning: the release is live)'}`,
  );
  return [
    'tasks:',
    ...lines,
    '',
    'deploy phases (hooks: before/after "deploy:<phase>"):',
    ...phases,
    '',
    'also: init (write a starter recipe), tasks (this list)',
  ].join('\n');
}

function parse(argv: readonly string[]): Invocation {
  const invocation: Invocation = {
    config: 'config/deploy.ts',
    dryRun: false,
    verbose: false,
    task: undefined,
    args: [],
  };
  const separator = argv.indexOf('--');
  const options = separator === -1 ? argv : argv.slice(0, separator);
  const rest: string[] = [];
  for (let index = 0; index < options.length; index += 1) {
    const arg = options[index]!;
    const [name, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    if ((valued as readonly string[]).includes(name)) {
      const value = inline ?? options[(index += 1)];
      if (value === undefined || value === '') throw new UsageError(`${name} needs a value`);
      assign(invocation, name, value);
    } else if ((flags as readonly string[]).includes(arg)) {
      if (arg === '--dry-run') invocation.dryRun = true;
      if (arg === '--verbose') invocation.verbose = true;
      if (arg === '--help') invocation.task = 'help';
    } else rest.push(arg);
  }
  invocation.task ??= rest.shift();
  invocation.args = [...rest, ...(separator === -1 ? [] : argv.slice(separator))];
  return invocation;
}

function assign(invocation: Invocation, name: string, value: string): void {
  if (name === '--config') invocation.config = path.resolve(value);
  else if (name === '--stage') invocation.stage = value;
  else if (name === '--hosts') invocation.hosts = value.split(',').filter(Boolean);
  else {
    const chosen = value.split(',').filter(Boolean);
    const unknown = chosen.find((role) => !(roles as readonly string[]).includes(role));
    if (unknown) throw new UsageError(`--roles: unknown role "${unknown}" (expected ${roles.join(', ')})`);
    invocation.roles = chosen as Role[];
  }
}

/** Ctrl-C: the running commands stop, the task rolls back what it began; a second Ctrl-C quits at once. */
function interruptible(): void {
  let interrupted = false;
  process.on('SIGINT', () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.error(
      '\ndeploy: interrupted: rolling back what was begun (Ctrl-C again to quit at once, leaving hosts as they are)',
    );
  });
}

function usage(): string {
  return 'usage: npm run deploy -- [--config FILE] [--stage NAME] [--dry-run] [--roles app,web,db] [--hosts NAME,...] [--verbose] <task> [arguments]\n       npm run deploy -- tasks    (lists the tasks)\n       npm run deploy -- init     (writes a starter config/deploy.ts)';
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  process.exitCode = await main(process.argv.slice(2));
}
