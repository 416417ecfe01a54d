import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseDeployEnv, readDeployEnv } from '#config/deploy-env.ts';
import { ConfigError, loadConfig } from '#config/environment.ts';
import { quote } from '#deploy/transport/shell.ts';

const repo = path.resolve(import.meta.dirname, '../../..');

/** The file as the deploy's update phase writes it (deploy/tasks/deploy/update.ts). */
function asDeployWrites(env: Record<string, string>): string {
  return Object.entries(env)
    .map(([key, value]) => `${key}=${quote(value)}\n`)
    .join('');
}

describe('parsing .deploy-env', () => {
  it("reads back every value the deploy's quoting writes", () => {
    const env = {
      BARE: '/srv/folio/shared/data',
      URL: 'https://blog.example.org:8443/a,b=c@d%e+f-g',
      EMPTY: '',
      SPACES: 'two words  and a\ttab',
      QUOTES: `it's "quoted" '' twice'`,
      SHELL: '$HOME `id` $(rm -rf /) ; | & > < * ? ~ ! # \\n \\',
      LINES: 'first\nsecond\n',
      UNICODE: 'café ✓',
    };
    expect(parseDeployEnv(asDeployWrites(env))).toEqual(env);
  });

  it('skips blank lines and comments, and the last of a repeated key wins, as in a shell', () => {
    expect(parseDeployEnv('# written by folio deploy\n\nA=1\n  # indented\nB=x\nA=2\n')).toEqual({ A: '2', B: 'x' });
    expect(parseDeployEnv('A=no-newline-at-end')).toEqual({ A: 'no-newline-at-end' });
    expect(parseDeployEnv("A=\\'escaped\\ bare")).toEqual({ A: "'escaped bare" });
  });

  it.each([
    ['export A=1\n', /line 1: expected KEY=value/],
    ['A=1\n1X=2\n', /line 2: expected KEY=value/],
    ["A='never closed\n", /line 1: A: a single quote is never closed/],
    ['A=1\nB=$HOME\n', /line 2: B: unexpected "\$"/],
    ['A="double"\n', /line 1: A: unexpected "\\""/],
    ["A='multi\nline'\nB=two words\n", /line 3: B: unexpected " "/],
  ])('refuses %j, naming the line', (text, message) => {
    expect(() => parseDeployEnv(text)).toThrow(message);
  });
});

describe('loadConfig on a deployed release', () => {
  let root: string;
  let dataDir: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'folio-release-'));
    dataDir = path.join(root, 'shared-data');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('takes what the process environment does not set from <root>/.deploy-env; the process environment wins', () => {
    writeFileSync(
      path.join(root, '.deploy-env'),
      asDeployWrites({
        FOLIO_DATA_DIR: dataDir,
        BASE_URL: 'https://blog.example.org',
        LOG_LEVEL: 'warn',
        NODE_ENV: 'production',
      }),
      { mode: 0o600 },
    );
    const config = loadConfig({ LOG_LEVEL: 'debug' }, root);
    expect(config).toMatchObject({
      dataDir,
      baseUrl: 'https://blog.example.org',
      logLevel: 'debug',
      env: 'production',
    });
  });

  it('needs no .deploy-env (a development checkout has none)', () => {
    expect(readDeployEnv(root)).toEqual({});
    expect(loadConfig({ FOLIO_DATA_DIR: dataDir }, root).dataDir).toBe(dataDir);
  });

  it('names the file and the line of a .deploy-env it cannot parse', () => {
    writeFileSync(path.join(root, '.deploy-env'), 'FOLIO_DATA_DIR=/srv\nBASE_URL="https://x"\n');
    expect(() => loadConfig({}, root)).toThrow(ConfigError);
    expect(() => loadConfig({}, root)).toThrow(`${path.join(root, '.deploy-env')}: line 2: BASE_URL: unexpected "\\""`);
  });

  it('says whose .deploy-env it cannot read, instead of crashing or running without it', () => {
    const file = path.join(root, '.deploy-env');
    writeFileSync(file, asDeployWrites({ FOLIO_DATA_DIR: dataDir }), { mode: 0o600 });
    const message = process.getuid?.() === 0 ? asAnotherUser(root) : asOwnerWithoutRead(file, root);
    expect(message).toMatch(
      new RegExp(
        `^${file}: cannot read it \\(permission denied: mode (600|0), owned by \\S+ \\(uid \\d+\\), and this process runs as \\S+ \\(uid \\d+\\)\\); run the command as the user that deploys, e\\.g\\. sudo -u \\S+ npm run`,
      ),
    );
  });
});

/** Root reads any file: load the config in a child running as nobody (uid 65534), which cannot read a mode 600 file of root's. */
function asAnotherUser(root: string): string {
  chmodSync(root, 0o755);
  const script = `import { loadConfig } from '#config/environment.ts';
try { loadConfig({}, ${JSON.stringify(root)}); console.log('loaded'); } catch (error) { console.log(error.name + ' ' + error.message); }`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: repo,
    uid: 65534,
    gid: 65534,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: tmpdir() },
  });
  expect(child.status, child.stderr).toBe(0);
  expect(child.stdout).toMatch(/^ConfigError /);
  return child.stdout.replace(/^ConfigError /, '').trim();
}

function asOwnerWithoutRead(file: string, root: string): string {
  chmodSync(file, 0o000);
  try {
    loadConfig({}, root);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('loaded an unreadable .deploy-env');
}
