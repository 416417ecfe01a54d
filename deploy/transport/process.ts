/**
 * Runs one local process for a transport (`ssh …` or `sh -c …`), feeding its
 * stdin from a text or from another local process (git archive | ssh, or
 * another host's ssh: ssh a tar -c | ssh b tar -x), collecting output and
 * reporting it line by line. Stdin is never a terminal, so nothing can sit
 * waiting for a password.
 */
import { spawn } from 'node:child_process';
import type { ExecOptions, ExecResult, Input, SpawnSpec } from '#deploy/transport/types.ts';

export type { SpawnSpec };

const keepBytes = 256 * 1024;

/** Resolves with the exit code and output; rejects only if the process could not start or the input command failed. */
export function runProcess(spec: SpawnSpec, options: ExecOptions = {}): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(spec.command, [...spec.args], {
      env: spec.env,
      cwd: spec.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stdout = collector('stdout', options.onLine);
    const stderr = collector('stderr', options.onLine);
    child.stdout.on('data', stdout.push);
    child.stderr.on('data', stderr.push);
    let inputFailure: Error | undefined;
    const input = options.input;
    if (input && input.kind !== 'text') {
      const { spec: from, describe } = sourceOf(input);
      const source = spawn(from.command, [...from.args], {
        env: from.env,
        cwd: from.cwd,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let sourceErr = '';
      source.stderr.on('data', (chunk: Buffer) => (sourceErr = (sourceErr + chunk.toString()).slice(-keepBytes)));
      source.stdout.pipe(child.stdin);
      source.on('error', (error) => (inputFailure = new Error(`${describe}: ${error.message}`)));
      source.on('close', (code) => {
        if (code !== 0) inputFailure ??= new Error(`${describe} failed (exit ${code}): ${sourceErr.trim()}`);
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

function sourceOf(input: Exclude<Input, { kind: 'text' }>): { spec: SpawnSpec; describe: string } {
  if (input.kind === 'remote')
    return { spec: input.from.source(input.script), describe: `${input.script.text} (on ${input.from.description})` };
  const [command, ...args] = input.argv;
  return { spec: { command: command!, args, cwd: input.cwd }, describe: input.argv.join(' ') };
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
