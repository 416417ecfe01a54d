/**
 * The `local` transport: the same scripts, run with /bin/sh on this
 * machine. Commands get the environment a login would give (HOME, PATH,
 * locale), not the deploying process's own (npm's npm_config_*, a test
 * runner's NODE_ENV), so a local host behaves like a remote one.
 */
import os from 'node:os';
import path from 'node:path';
import { runProcess } from '#deploy/transport/process.ts';
import type { Shell } from '#deploy/transport/shell.ts';
import type { ExecOptions, ExecResult, SpawnSpec, Transport } from '#deploy/transport/types.ts';

const passed = ['HOME', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'TZ', 'TMPDIR'];

export class LocalTransport implements Transport {
  readonly description = 'local';
  commands = 0;

  exec(script: Shell, options?: ExecOptions): Promise<ExecResult> {
    return runProcess(this.source(script), options);
  }

  source(script: Shell): SpawnSpec {
    this.commands += 1;
    return { command: '/bin/sh', args: ['-c', script.text], env: loginEnv(), cwd: os.homedir() };
  }

  async close(): Promise<void> {}
}

export function loginEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(env)) {
    if (passed.includes(key) || key.startsWith('LC_')) result[key] = value;
  }
  // npm run puts the deploying project's node_modules/.bin first; a host has no such thing.
  const dirs = (env.PATH ?? '/usr/local/bin:/usr/bin:/bin')
    .split(path.delimiter)
    .filter((dir) => !dir.includes(`node_modules${path.sep}.bin`) && !dir.includes('node-gyp-bin'));
  result.PATH = dirs.join(path.delimiter);
  return result;
}
