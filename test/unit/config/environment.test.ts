import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadConfig, ConfigError } from '#config/environment.ts';

const execFileAsync = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');

describe('loadConfig', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'folio-config-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has defaults for everything and freezes the result', () => {
    const config = loadConfig({ FOLIO_DATA_DIR: dir });
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 3000,
      dataDir: dir,
      databaseUrl: `file:${dir}/folio.db`,
      baseUrl: 'http://127.0.0.1:3000',
      env: 'development',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('generates the session secret once and keeps it under the data dir', () => {
    const first = loadConfig({ FOLIO_DATA_DIR: dir }).sessionSecret;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({ FOLIO_DATA_DIR: dir }).sessionSecret).toBe(first);
    expect(readFileSync(path.join(dir, 'session-secret'), 'utf8').trim()).toBe(first);
    expect(statSync(path.join(dir, 'session-secret')).mode & 0o077).toBe(0);
  });

  it('gives processes booting on a new data dir at once one secret, and leaves no candidate behind', async () => {
    const fresh = mkdtempSync(path.join(tmpdir(), 'folio-config-race-'));
    try {
      // Separate processes, as a pool's workers or hosts migrating together are: each loads the config at once.
      const script = `import { loadConfig } from '#config/environment.ts'; console.log(loadConfig({ FOLIO_DATA_DIR: ${JSON.stringify(fresh)} }).sessionSecret);`;
      const secrets = await Promise.all(
        Array.from({ length: 6 }, () =>
          execFileAsync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root }),
        ),
      );
      const values = new Set(secrets.map(({ stdout }) => stdout.trim()));
      expect(values.size).toBe(1);
      expect(readFileSync(path.join(fresh, 'session-secret'), 'utf8').trim()).toBe([...values][0]);
      expect(readdirSync(fresh)).toEqual(['session-secret']);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  }, 60_000);

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ HOST: '' }, 'HOST'],
    [{ BASE_URL: 'not a url' }, 'BASE_URL'],
    [{ BASE_URL: 'ftp://example.org' }, 'BASE_URL'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ SESSION_SECRET: 'short' }, 'SESSION_SECRET'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ FOLIO_TRUSTED_PROXY: 'proxy.example.org' }, 'FOLIO_TRUSTED_PROXY'],
    [{ FOLIO_TRUSTED_PROXY: '10.0.0.0/33' }, 'FOLIO_TRUSTED_PROXY'],
  ])('stops on %j with a message naming %s', (env, variable) => {
    const attempt = () => loadConfig({ FOLIO_DATA_DIR: dir, ...env });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(new RegExp(`^${variable}: `));
  });

  it('trusts no proxy unless FOLIO_TRUSTED_PROXY names it', () => {
    expect(loadConfig({ FOLIO_DATA_DIR: dir }).trustedProxies).toEqual([]);
    expect(
      loadConfig({ FOLIO_DATA_DIR: dir, FOLIO_TRUSTED_PROXY: ' 10.0.0.5, 192.168.0.0/16 ,::1,loopback' })
        .trustedProxies,
    ).toEqual(['10.0.0.5', '192.168.0.0/16', '::1', 'loopback']);
    expect(loadConfig({ FOLIO_DATA_DIR: dir, FOLIO_TRUSTED_PROXY: 'none' }).trustedProxies).toEqual([]);
  });

  it('strips a trailing slash from BASE_URL', () => {
    expect(loadConfig({ FOLIO_DATA_DIR: dir, BASE_URL: 'https://blog.example.org/' }).baseUrl).toBe(
      'https://blog.example.org',
    );
  });
});
