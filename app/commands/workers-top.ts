/**
 * `npm run workers -- top [--interval SECONDS] [--once]`: the pool live in a
 * terminal, a frame every interval (top-table.ts), until q or Ctrl-C. Piped,
 * or with --once, it prints one frame and exits: it waits for the workers'
 * next stats report first, since a rate takes two.
 *
 * The figures come from the state file, which the supervisor refreshes at
 * each stats round (every 2 s, plan.ts), not from asking the workers at
 * each frame: the frame says how old they are.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { CliError } from '#app/commands/cli-error.ts';
import { waitForState } from '#app/commands/state-watch.ts';
import { isAlive, readState, type RunPaths, type StateFile } from '#app/server/pool/state-file.ts';
import { emptyHistory, recordReports, workerRates, type StatsHistory } from '#app/server/pool/top-rates.ts';
import { formatTop } from '#app/server/pool/top-table.ts';

export interface TopOptions {
  readonly intervalMs: number;
  readonly once: boolean;
}

/** --once waits this long at most for the reports that give every worker a rate, then prints what it has. */
const ONCE_WAIT_MS = 10_000;

// Alternate screen and hidden cursor while running; clear + home for each frame.
const enterScreen = '\x1b[?1049h\x1b[?25l';
const leaveScreen = '\x1b[?25h\x1b[?1049l';
const clearScreen = '\x1b[H\x1b[2J';
const CTRL_C = '\u0003';

export async function top(paths: RunPaths, supervisorPid: number, options: TopOptions): Promise<void> {
  if (options.once || !process.stdout.isTTY) console.log(await oneFrame(paths, supervisorPid));
  else await live(paths, supervisorPid, options.intervalMs);
}

/** One frame, once every ready worker has two reports (or after ONCE_WAIT_MS with what there is). */
async function oneFrame(paths: RunPaths, pid: number): Promise<string> {
  let history = emptyHistory;
  let last: StateFile | undefined;
  await waitForState(paths, pid, ONCE_WAIT_MS, (state) => {
    if (!state) return undefined;
    last = state;
    history = recordReports(history, state);
    return state.workers.every((w) => w.state !== 'ready' || workerRates(history, w.pid) !== undefined)
      ? true
      : undefined;
  });
  return formatTop(last ?? current(paths, pid), history, Date.now());
}

/** Redraws every `intervalMs` until q, Ctrl-C or a signal; the terminal is put back however it ends. */
async function live(paths: RunPaths, pid: number, intervalMs: number): Promise<void> {
  const { stdin, stdout } = process;
  let history: StatsHistory = emptyHistory;
  let quit!: () => void;
  const quitting = new Promise<void>((resolve) => (quit = resolve));
  const onKey = (key: string) => {
    if (key === 'q' || key === 'Q' || key === CTRL_C) quit();
  };
  // Raw mode turns Ctrl-C into a key; without a terminal on stdin it is still SIGINT.
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const signal of signals) process.on(signal, quit);
  if (stdin.isTTY) {
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.on('data', onKey);
  }
  stdout.write(enterScreen);
  try {
    while (true) {
      const state = current(paths, pid);
      history = recordReports(history, state);
      stdout.write(
        `${clearScreen}${formatTop(state, history, Date.now())}\n\nevery ${intervalMs / 1000} s; q or Ctrl-C to quit\n`,
      );
      const wait = new AbortController();
      const tick = sleep(intervalMs, 'tick', { signal: wait.signal }).catch(() => 'quit');
      const next = await Promise.race([tick, quitting]);
      wait.abort(); // a pending timer would hold the process after q
      if (next !== 'tick') return;
    }
  } finally {
    for (const signal of signals) process.off(signal, quit);
    if (stdin.isTTY) {
      stdin.off('data', onKey);
      stdin.setRawMode(false);
      stdin.pause();
    }
    stdout.write(leaveScreen);
  }
}

/** The state file, or why there is none: the supervisor stopped, or has not written it yet. */
function current(paths: RunPaths, pid: number): StateFile {
  const state = readState(paths);
  if (state) return state;
  if (!isAlive(pid)) throw new CliError(`the supervisor (pid ${pid}) exited`);
  throw new CliError(`the supervisor (pid ${pid}) has not written ${paths.stateFile} yet; it may still be starting`);
}
