/**
 * `start --daemon`: the command runs itself again, detached (its own
 * session, stdio to the log file), and waits on an IPC channel until the
 * supervisor reports the pool ready or failed. The launcher then lets go
 * and exits; the supervisor carries on alone.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';

export type LaunchReport =
  { type: 'pool-ready'; supervisorPid: number; workerPids: number[] } | { type: 'pool-failed'; message: string };

/** Starts `argv` (this command's arguments, minus --daemon) detached; resolves once the pool is ready. */
export function launchDetached(
  argv: string[],
  logFile: string,
  timeoutMs = 120_000,
): Promise<LaunchReport & { type: 'pool-ready' }> {
  mkdirSync(path.dirname(logFile), { recursive: true });
  // 'a' is O_APPEND, and the supervisor and its workers inherit this one
  // descriptor: after logrotate's copytruncate every write lands at the new
  // end, so the file restarts at offset 0 with no hole of NUL bytes
  // (test/integration/pool/log-rotation.test.ts). Keep it so.
  const log = openSync(logFile, 'a');
  const script = process.argv[1];
  if (!script) throw new Error('cannot tell which script to run detached');
  const child = spawn(process.execPath, [...process.execArgv, script, ...argv], {
    detached: true,
    stdio: ['ignore', log, log, 'ipc'],
  });
  closeSync(log);
  return new Promise((resolve, reject) => {
    const fail = (message: string) => {
      clearTimeout(timer);
      reject(new Error(`${message} (log: ${logFile})`));
    };
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      fail(`the pool was not ready within ${timeoutMs / 1000} s; the supervisor was told to stop`);
    }, timeoutMs);
    child.on('message', (message: LaunchReport) => {
      if (message.type === 'pool-failed') return fail(message.message);
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.disconnect();
      child.unref();
      resolve(message);
    });
    child.once('exit', (code, signal) =>
      fail(
        `the supervisor ${signal ? `was killed by ${signal}` : `exited with code ${code}`} before the pool was ready`,
      ),
    );
    child.once('error', (error) => fail(`could not start the supervisor: ${error.message}`));
  });
}

/** In the supervisor: tells the launcher (if there is one on IPC) how the start went, then lets it go. */
export function reportToLauncher(report: LaunchReport): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(report, undefined, {}, () => {
      if (process.connected) process.disconnect();
      resolve();
    });
  });
}
