/**
 * `invoke -- CMD [ARGS…]` runs a command in `current` with the app's
 * environment on the chosen hosts (app hosts unless --roles says), and
 * `logs [--lines N] [--follow]` tails the app log. Output comes back prefixed
 * by host. The command's words are passed as words: each one is quoted.
 */
import { parseArgs } from 'node:util';
import { command } from '#deploy/transport/shell.ts';
import { onHosts, type TaskContext } from '#deploy/tasks/context.ts';

export async function invoke(context: TaskContext): Promise<void> {
  const argv = context.args[0] === '--' ? context.args.slice(1) : [...context.args];
  if (argv.length === 0)
    throw new Error('invoke: give a command, e.g. npm run deploy -- invoke -- npm run workers -- status');
  await onHosts(context.sessions, async (session) => {
    const stdout = await session.run(session.appCommand(session.paths.current, argv), { what: argv.join(' ') });
    if (stdout.trim()) context.reporter.info(session.name, stdout.replace(/\n$/, ''));
  });
}

export async function logs(context: TaskContext): Promise<void> {
  const { values } = parseArgs({
    args: [...context.args],
    options: { lines: { type: 'string', short: 'n' }, follow: { type: 'boolean', short: 'f' } },
    strict: true,
  });
  const lines = values.lines ?? '100';
  if (!/^\d+$/.test(lines)) throw new Error(`--lines: expected a number, got "${lines}"`);
  await onHosts(context.sessions, async (session) => {
    const argv = ['tail', '-n', lines, ...(values.follow ? ['-F'] : []), session.paths.logFile];
    const result = await session.transport.exec(command(...argv), {
      readOnly: true,
      onLine: (_stream, line) => context.reporter.info(session.name, line),
    });
    if (result.code !== 0) throw new Error(`tail ${session.paths.logFile} failed (exit ${result.code})`);
  });
}
