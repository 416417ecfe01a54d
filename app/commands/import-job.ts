/**
 * `folio import:job --job ID`: one step of an import started in the admin
 * (Tools → Import), in a process of its own that the admin started
 * (app/models/import-job/launch.ts). Not for people to type: `npm run
 * import` is the command line's import; both run runImport.
 */
import { boot } from '#app/boot.ts';
import { disconnectDatabase } from '#app/models/db.ts';
import { CliError } from '#app/commands/cli-error.ts';
import { numberOption, parseOptions } from '#app/commands/arguments.ts';
import { NothingToPerform, performImportJob } from '#app/models/import-job/perform.ts';

const usage = 'usage: folio import:job --job ID';

export async function importJob(args: string[]): Promise<void> {
  const { job } = parseOptions(args, { job: { type: 'string' } }, usage);
  if (job === undefined) throw new CliError(`--job is required\n${usage}`);
  const id = numberOption('--job', job, 1, Number.MAX_SAFE_INTEGER);
  const { config } = await boot(undefined, { migrate: false });
  try {
    const state = await performImportJob(id, config);
    if (state === 'failed') process.exitCode = 1;
  } catch (error) {
    if (error instanceof NothingToPerform) throw new CliError(error.message);
    throw error;
  } finally {
    await disconnectDatabase();
  }
}
