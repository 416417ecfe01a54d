/**
 * The command line, read alike by every command: unknown or malformed
 * options are a CliError that ends with the command's usage, and the worker
 * pool's options (`workers start`, `config:apache`, `config:lighttpd`) mean
 * the same wherever they are given.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from '#app/commands/cli-error.ts';
import { parseListen, type ListenBase } from '#app/server/pool/address.ts';
import { defaultStartOptions } from '#app/server/pool/plan.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** `parseArgs`, strict, with no positionals. */
export function parseOptions<const T extends Options>(args: string[], options: T, usage: string) {
  try {
    return parseArgs<{ args: string[]; options: T; strict: true }>({ args, options, strict: true }).values;
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n${usage}`);
  }
}

/** `parseArgs`, strict, with positionals (`import FORMAT FILE --dry-run`). */
export function parseCommandLine<const T extends Options>(args: string[], options: T, usage: string) {
  try {
    return parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: true }>({
      args,
      options,
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n${usage}`);
  }
}

/** `--count N --listen HOST:PORT | --socket-dir DIR`. */
export const poolOptions = {
  count: { type: 'string' },
  listen: { type: 'string' },
  'socket-dir': { type: 'string' },
} as const satisfies Options;

/** How many workers, and the base their addresses are derived from (the defaults of `workers start`). */
export function workerPool(values: { count?: string; listen?: string; 'socket-dir'?: string }): {
  count: number;
  listen: ListenBase;
} {
  if (values.listen !== undefined && values['socket-dir'] !== undefined)
    throw new CliError('give --listen or --socket-dir, not both');
  return {
    count: values.count === undefined ? defaultStartOptions.count : numberOption('--count', values.count, 1, 64),
    listen:
      values['socket-dir'] !== undefined
        ? { kind: 'unix-dir', dir: values['socket-dir'] }
        : values.listen !== undefined
          ? parseListen(values.listen)
          : defaultStartOptions.listen,
  };
}

/** A numeric option's value, `min` to `max`; anything else is a CliError naming the option. */
export function numberOption(option: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max)
    throw new CliError(`${option}: expected a whole number ${min}..${max}, got "${raw}"`);
  return value;
}
