/**
 * Starts a job's process: `folio import:job --job ID`, the same compiled
 * CLI as `npm run import` (app/commands/launch.mjs), detached from the
 * worker that started it. A FastCGI worker answers one request and may be
 * recycled or restarted at any time; the import must outlive both, and
 * report through the row and its progress file, which any worker reads.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { appRoot } from '#app/root.ts';
import { environmentFor, type Config } from '#config/environment.ts';
import { startingProgress, writeProgress } from '#app/models/import-job/progress.ts';

const launcher = path.join(appRoot, 'app/commands/launch.mjs');

/** The process's output (a stack trace when something unexpected happens) goes here, beside the job's files. */
export function processLog(jobDir: string): string {
  return path.join(jobDir, 'process.log');
}

export function launchJobProcess(jobId: number, jobDir: string, config: Config): void {
  mkdirSync(jobDir, { recursive: true });
  const log = openSync(processLog(jobDir), 'a');
  try {
    const child = spawn(process.execPath, [launcher, 'import:job', '--job', String(jobId)], {
      cwd: appRoot,
      env: { ...environmentFor(config), FOLIO_WORKER: `import-${jobId}` },
      detached: true,
      stdio: ['ignore', log, log],
    });
    child.unref();
    // Written now, so a reader sees whose job it is before the process has loaded.
    if (child.pid !== undefined) writeProgress(jobDir, startingProgress(child.pid));
    // An exec failure (no node at execPath) is reported as 'error'; the row is then marked failed by its silence.
    child.on('error', () => {});
  } finally {
    closeSync(log);
  }
}
