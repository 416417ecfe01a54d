/**
 * `logs [--lines N] [--follow]` tails the app log on the chosen hosts (app
 * hosts unless --roles says), each line prefixed by its host.
 */
import { parseArgs } from 'node:util';
import { command } from '#deploy/transport/shell.ts';
import { onHosts, type TaskContext } from '#deploy/tasks/context.ts';

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
