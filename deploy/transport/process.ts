/**
 * Runs one local process for a transport (`ssh …` or `sh -c …`), feeding its
 * stdin from a text or from another local process (git archive | ssh),
 * collecting output and reporting it line by line. Stdin is never a
 * terminal, so nothing can sit waiting for a password.
 */
import { spawn } from 'node:child_process';
import type { ExecOptions, ExecResult } from '#deploy/transport/types.ts';

const keepBytes = 256 * 1024;

export interface SpawnSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

/** Resolves with the exit code and output; rejects only if the process could not start or the input command failed. */
export function runProcess(spec: SpawnSpec, options: ExecOptions = {}): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(spec.command, [...spec.args], { env: spec.env, cwd: spec.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout = collector('stdout', options.onLine);
    const stderr = collector('stderr', options.onLine);
    child.stdout.on('data', stdout.push);
    child.stderr.on('data', stderr.push);
    let inputFailure: Error | undefined;
    const input = options.input;
    if (input?.kind === 'command') {
      const [command, ...args] = input.argv;
      const source = spawn(command!, args, { cwd: input.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
      let sourceErr = '';
      source.stderr.on('data', (chunk: Buffer) => (sourceErr += chunk.toString()));
      source.stdout.pipe(child.stdin);
      source.on('error', (error) => (inputFailure = new Error(`${command}: ${error.message}`)));
      source.on('close', (code) => {
        if (code !== 0) inputFailure ??= new Error(`${input.argv.join(' ')} failed (exit ${code}): ${sourceErr.trim()}`);
      });
    } else {
      child.stdin.end(input?.kind === 'text' ? input.text : undefined);
    }
    child.stdin.on('error', () => {}); // the remote side may exit before reading everything; its exit code says why
    child.on('error', (error) => reject(new Error(`cannot run ${spec.command}: ${error.message}`)));
    child.on('close', (code, signal) => {
      stdout.flush();
      stderr.flush();
      if (inputFailure) return reject(inputFailure);
      resolve({ code: code ?? (signal ? 128 : 1), stdout: stdout.text(), stderr: stderr.text() });
    });
  });
}

function collector(stream: 'stdout' | 'stderr', onLine: ExecOptions['onLine']) {
  let kept = '';
  let partial = '';
  return {
    push: (chunk: Buffer) => {
      const text = chunk.toString();
      kept = (kept + text).slice(-keepBytes);
      if (!onLine) return;
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) onLine(stream, line);
    },
    flush: () => {
      if (partial && onLine) onLine(stream, partial);
      partial = '';
    },
    text: () => kept,
  };
}
