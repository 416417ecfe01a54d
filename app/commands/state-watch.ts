/**
 * Waiting on the pool from another shell (`workers restart`, `workers top
 * --once`): reads the state file each time the supervisor rewrites it (it
 * renames a new one into the run dir), so a change is seen the moment it is
 * made; a slow poll stays as the fallback for a missed event and a dead
 * supervisor.
 */
import { watch } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { CliError } from '#app/commands/cli-error.ts';
import { isAlive, readState, type RunPaths, type StateFile } from '#app/server/pool/state-file.ts';

/** The first value `check` returns for a state file read; undefined after `timeoutMs`. */
export async function waitForState<T>(
  paths: RunPaths,
  pid: number,
  timeoutMs: number,
  check: (state: StateFile | undefined) => T | undefined,
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  let wake: (() => void) | undefined;
  const watcher = watch(paths.dir, () => wake?.());
  try {
    while (Date.now() < deadline) {
      const changed = new Promise<void>((resolve) => (wake = resolve));
      const found = check(readState(paths));
      if (found !== undefined) return found;
      if (!isAlive(pid)) throw new CliError(`the supervisor (pid ${pid}) exited`);
      await Promise.race([changed, sleep(200)]);
    }
    return undefined;
  } finally {
    watcher.close();
  }
}
