/**
 * The shape of a recipe, as a zod schema: strict objects (a misspelt key is
 * an error, not a silent default) and messages that say what was expected.
 * Rules that span fields (one primary db, unique host names) are in
 * configuration.ts.
 */
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { roles } from '#deploy/dsl.ts';

const required = (expected: string) => (issue: { input: unknown }) =>
  issue.input === undefined ? 'is required' : `expected ${expected}, got ${JSON.stringify(issue.input)}`;

const text = z
  .string({ error: required('a string') })
  .trim()
  .min(1, 'must not be empty');
const whole = (min: number, max: number, what = 'a whole number') =>
  z
    .number({ error: required(what) })
    .int(`expected ${what}`)
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

const absolutePath = text.refine((value) => path.posix.isAbsolute(value), {
  error: (issue) => `must be an absolute path, got ${JSON.stringify(issue.input)}`,
});
const relativePath = text.refine((value) => !path.posix.isAbsolute(value) && !value.split('/').includes('..'), {
  error: (issue) => `must be a relative path inside the release, without "..", got ${JSON.stringify(issue.input)}`,
});

const hostLabel = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
export function isHostName(value: string): boolean {
  return isIP(value) !== 0 || (value.length <= 253 && value.split('.').every((label) => hostLabel.test(label)));
}
const host = text.refine(isHostName, {
  error: (issue) =>
    `${JSON.stringify(issue.input)} is not a hostname or IP address (give the user in "user" and the port in "port")`,
});

const listen = text.regex(/^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, 'expected HOST:PORT, e.g. 127.0.0.1:9000');

const env = z.record(
  z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name is letters, digits and _'),
  z.string({ error: required('a string value (numbers too must be given as strings)') }),
);

const role = z.enum(roles, {
  error: (issue) => `unknown role ${JSON.stringify(issue.input)} (expected ${roles.join(', ')})`,
});

const workers = z.strictObject({
  count: whole(1, 64).optional(),
  listen: listen.optional(),
  socketDir: absolutePath.optional(),
  http: z.boolean().optional(),
  drainTimeout: whole(1, 3600, 'a whole number of seconds').optional(),
});

const healthCheck = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).optional(),
  expectStatus: whole(100, 599).optional(),
  timeout: whole(1, 600, 'a whole number of seconds').optional(),
});

const argv = z.array(text, { error: required('a command as a list of words, e.g. ["apachectl", "graceful"]') });
const webServer = z.strictObject({
  kind: z.enum(['apache', 'nginx', 'lighttpd'], { error: 'expected "apache", "nginx" or "lighttpd"' }).optional(),
  serverName: text.regex(/^[A-Za-z0-9.-]+$/, 'expected a host name (letters, digits, dots, dashes)').optional(),
  port: whole(1, 65535).optional(),
  tls: z.strictObject({ cert: absolutePath, key: absolutePath }).optional(),
  siteFile: absolutePath.optional(),
  check: argv.min(1, 'give a command').optional(),
  reload: argv.min(1, 'give a command').optional(),
  enable: argv.optional(),
  disable: argv.optional(),
  sudo: z.boolean().optional(),
});

const backup = z.strictObject({
  host,
  port: whole(1, 65535).optional(),
  user: text.regex(/^[A-Za-z0-9._][A-Za-z0-9._-]*$/, 'expected a user name').optional(),
  path: absolutePath.refine((value) => value.replace(/\/+$/, '') !== '', 'must not be / itself'),
  keep: whole(1, 10_000).optional(),
  transport: z.enum(['ssh', 'local'], { error: 'expected "ssh" or "local"' }).optional(),
});

const server = z.strictObject({
  host,
  port: whole(1, 65535).optional(),
  user: text.regex(/^[A-Za-z0-9._][A-Za-z0-9._-]*$/, 'expected a user name').optional(),
  roles: z.array(role, { error: required('a list of roles') }).min(1, 'give at least one role (app, web, db)'),
  primary: z.boolean().optional(),
  name: text.regex(/^[A-Za-z0-9._:@[\]-]+$/, 'expected a short name without spaces').optional(),
  transport: z.enum(['ssh', 'local'], { error: 'expected "ssh" or "local"' }).optional(),
  deployTo: absolutePath.optional(),
  env: env.optional(),
  workers: workers.optional(),
  webServer: webServer.optional(),
});

const hook = z.custom<{ kind: 'hook'; task: string }>(
  (value) => typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'hook',
  {
    error: 'expected before(task, description, fn) or after(task, description, fn)',
  },
);
const customTask = z.custom<{ kind: 'task'; name: string }>(
  (value) => typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'task',
  {
    error: 'expected task(name, description, fn)',
  },
);

const stage = z.strictObject({
  servers: z.array(server).optional(),
  branch: text.optional(),
  deployTo: absolutePath.optional(),
  env: env.optional(),
  workers: workers.optional(),
  healthCheck: healthCheck.optional(),
  webServer: webServer.optional(),
  backup: backup.optional(),
});

export const recipeSchema = z.strictObject({
  application: text.regex(/^[A-Za-z0-9._-]+$/, 'expected letters, digits, ".", "_" or "-"'),
  repository: text,
  branch: text.optional(),
  deployTo: absolutePath,
  keepReleases: whole(1, 1000).optional(),
  servers: z.array(server).optional(),
  sharedPaths: z.record(relativePath, relativePath).optional(),
  env: env.optional(),
  workers: workers.optional(),
  healthCheck: healthCheck.optional(),
  webServer: webServer.optional(),
  ssh: z
    .strictObject({
      identityFile: text.optional(),
      knownHosts: text.optional(),
      connectTimeout: whole(1, 300, 'a whole number of seconds').optional(),
    })
    .optional(),
  backup: backup.optional(),
  stages: z
    .record(text.regex(/^[a-z0-9_-]+$/, 'a stage name is lower-case letters, digits, _ and -'), stage)
    .optional(),
  defaultStage: text.optional(),
  minFreeDiskMb: whole(0, 10_000_000).optional(),
  hooks: z.array(hook).optional(),
  tasks: z.array(customTask).optional(),
});

export type ParsedServer = z.infer<typeof server>;
export type ParsedWorkers = z.infer<typeof workers>;
export type ParsedHealthCheck = z.infer<typeof healthCheck>;
export type ParsedWebServer = z.infer<typeof webServer>;
export type ParsedBackup = z.infer<typeof backup>;

/** `servers[1].roles[0]`, `stages.staging.deployTo`: the field a message is about. */
export function fieldName(segments: readonly PropertyKey[]): string {
  return segments.reduce<string>(
    (name, segment) =>
      typeof segment === 'number' ? `${name}[${segment}]` : name ? `${name}.${String(segment)}` : String(segment),
    '',
  );
}
