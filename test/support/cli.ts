/** Runs the real `folio` CLI in a child process, exactly as the npm scripts do (`node app/commands/launch.mjs …`: compiled from the sources). */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '../..');
const launcher = path.join(root, 'app/commands/launch.mjs');

/** The environment a user's shell would give: without what vitest/Vite add (BASE_URL=/, NODE_ENV=test, …). */
export function userEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      ['BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR', 'NODE_ENV', 'TEST'].includes(key) ||
      key.startsWith('VITEST') ||
      key.startsWith('FOLIO_')
    )
      continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

export interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runFolio(args: string[], env: Record<string, string>, input?: string): Promise<Finished> {
  return runCommand(process.execPath, [launcher, ...args], {
    cwd: root,
    env: userEnv({ LOG_LEVEL: 'silent', ...env }),
    input,
  });
}

/** Runs a command to its end, collecting its output (stdin: `input`, else closed). */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; input?: string },
): Promise<Finished> {
  const { input } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { cwd: options.cwd, env: options.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}

/** Starts `folio serve` and resolves with its URL once it answers. */
export async function startServer(
  env: Record<string, string>,
): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [launcher, 'serve'], {
    cwd: root,
    env: userEnv({ LOG_LEVEL: 'info', PORT: '0', ...env }),
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    child.stdout.on('data', (d) => {
      output += d;
      const match = /serving on (http:\/\/[\d.:]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return {
    url,
    child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
