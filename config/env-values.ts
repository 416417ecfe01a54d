/**
 * Reading one environment variable into a typed value, or a ConfigError
 * that names it. config/environment.ts and the config facets it gathers
 * (config/monitoring.ts) share these.
 */
import { isIP } from 'node:net';

export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

export function nonEmpty(env: Env, name: string, fallback: string): string {
  const value = env[name];
  if (value === undefined) return fallback;
  if (value.trim() === '') throw new ConfigError(name, 'is set but empty');
  return value.trim();
}

export function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `expected a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `expected ${min}..${max}, got ${value}`);
  return value;
}

export function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw))
    throw new ConfigError(name, `expected one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

export function proxyList(env: Env, name: string): string[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '' || raw.trim() === 'none') return [];
  return raw.split(',').map((entry) => {
    const value = entry.trim();
    const [address = '', prefix, ...rest] = value.split('/');
    const family = isIP(address);
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32));
    if (value !== 'loopback' && (family === 0 || !prefixOk || rest.length > 0))
      throw new ConfigError(name, `expected IP addresses, CIDR ranges or "loopback", comma-separated; got "${value}"`);
    return value;
  });
}
