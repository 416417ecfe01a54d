import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkRoot, workerArgs, workerCode, workerFlags } from '#app/server/pool/spawner.ts';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'folio-releases-'));
  for (const release of ['a', 'b']) {
    mkdirSync(path.join(dir, 'releases', release, 'app/server/pool'), { recursive: true });
    writeFileSync(
      path.join(dir, 'releases', release, 'app/server/pool/worker.ts'),
      `export const release = '${release}';\n`,
    );
  }
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Points `current` at a release the way a deploy does: a new link renamed over the old one. */
function switchTo(release: string): void {
  symlinkSync(path.join(dir, 'releases', release), path.join(dir, 'current.new'));
  renameSync(path.join(dir, 'current.new'), path.join(dir, 'current'));
}

describe("where a worker's code comes from", () => {
  it("is the supervisor's own tree by default, compiled now and run by plain node", () => {
    const code = workerCode();
    const tree = path.resolve(import.meta.dirname, '../../../..');
    expect(code).toEqual({
      exec: path.join(tree, 'build/worker.mjs'),
      execArgv: [...workerFlags],
      origin: { release: realpathSync(tree), revision: null },
    });
    expect(readFileSync(code.exec, 'utf8')).toContain('worker ready');
  });

  it('follows the root link anew at every spawn, building that release', () => {
    switchTo('a');
    const root = path.join(dir, 'current');
    expect(workerCode(root)).toEqual({
      exec: path.join(dir, 'releases/a/build/worker.mjs'),
      execArgv: [...workerFlags],
      cwd: path.join(dir, 'releases/a'),
      origin: { release: path.join(dir, 'releases/a'), revision: null },
    });
    expect(readFileSync(path.join(dir, 'releases/a/build/worker.mjs'), 'utf8')).toContain('release = "a"');
    switchTo('b');
    expect(workerCode(root).cwd).toBe(path.join(dir, 'releases/b'));
    expect(existsSync(path.join(dir, 'releases/b/build/worker.mjs'))).toBe(true);
  });

  it("names the release and its REVISION, and reuses a deployed release's build instead of compiling it again", () => {
    const release = path.join(dir, 'releases/a');
    writeFileSync(path.join(release, 'REVISION'), '0123456789abcdef\n');
    switchTo('a');
    const first = workerCode(path.join(dir, 'current'));
    expect(first.origin).toEqual({ release, revision: '0123456789abcdef' });
    // The build an install made is what runs, even when the sources say otherwise: a release never changes.
    writeFileSync(path.join(release, 'app/server/pool/worker.ts'), `export const release = 'edited';\n`);
    const built = statSync(first.exec).mtimeMs;
    workerCode(path.join(dir, 'current'));
    expect(readFileSync(first.exec, 'utf8')).toContain('release = "a"');
    expect(statSync(first.exec).mtimeMs).toBe(built);
    // A release whose build is missing is built.
    rmSync(path.join(release, 'build'), { recursive: true });
    expect(readFileSync(workerCode(path.join(dir, 'current')).exec, 'utf8')).toContain('release = "edited"');
  });

  it('refuses a root without a release in it', () => {
    expect(() => checkRoot(dir)).toThrow(/--root: .* holds no app\/server\/pool\/worker.ts/);
    switchTo('a');
    expect(() => checkRoot(path.join(dir, 'current'))).not.toThrow();
  });

  it("puts the address and protocol on the worker's argv", () => {
    expect(
      workerArgs({
        slot: 1,
        name: '1',
        address: { kind: 'unix', path: '/run/folio/folio-1.sock' },
        transport: 'fastcgi',
      }),
    ).toEqual(['--listen', 'unix:/run/folio/folio-1.sock', '--transport', 'fastcgi']);
  });
});
