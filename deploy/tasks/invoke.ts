/**
 * `invoke -- CMD [ARGS…]` runs a command in `current` with the app's
 * environment on the chosen hosts (app hosts unless --roles says). Output
 * comes back prefixed by host. The command's words are passed as words: each
 * one is quoted.
 */
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
