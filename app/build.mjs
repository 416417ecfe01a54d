/**
 * Compiles Folio for the processes that serve: esbuild bundles an entry
 * (our TypeScript and the #app/#config aliases; packages stay imports of
 * node_modules) into <root>/build/<entry>.mjs, which plain `node` runs.
 *
 * In a development tree there is no build step to forget: every `folio`
 * command builds its entry from the current sources as it starts
 * (app/commands/launch.mjs), and the pool's supervisor builds the worker
 * from the tree it forks, at every spawn (app/server/pool/spawner.ts). A
 * build takes about 0.2 s. Each file is written beside its final name and
 * renamed over it, so processes building at the same moment never see a
 * half-written file.
 *
 * A deployed release (it has a REVISION file) never changes: the deploy's
 * install runs `npm run build` (`node app/build.mjs`, every entry) once, and
 * its processes reuse that build, so a rolling restart onto it (a rollback)
 * spends no time compiling.
 *
 * Plain JavaScript, so that it runs before anything is compiled.
 */
import { existsSync, mkdirSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The entries a process can start from. */
export const entries = {
  folio: 'app/commands/folio.ts',
  worker: 'app/server/pool/worker.ts',
};

/**
 * The file to run for an entry of the tree at `root`: a deployed release's
 * existing build, else one built now from the sources.
 */
export function compiled(root, entry) {
  const file = path.join(root, 'build', `${entry}.mjs`);
  if (existsSync(path.join(root, 'REVISION')) && existsSync(file)) return file;
  return build(root, entry);
}

/** Builds one entry of the Folio tree at `root`; returns the path of the file to run. */
export function build(root, entry) {
  // Without worker threads, buildSync runs esbuild as a child process and
  // reaps it; the worker-thread service would stay behind (and leave a zombie).
  process.env.ESBUILD_WORKER_THREADS = '0';
  // Required here, not imported at the top: a bundle hoists its imports, and
  // only the processes that build should load esbuild.
  const esbuild = createRequire(import.meta.url)('esbuild');
  const outdir = path.join(root, 'build');
  const { outputFiles } = esbuild.buildSync({
    absWorkingDir: root,
    entryPoints: { [entry]: entries[entry] },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'error',
  });
  mkdirSync(outdir, { recursive: true });
  for (const file of outputFiles) {
    const partial = `${file.path}.${process.pid}.partial`;
    writeFileSync(partial, file.contents);
    renameSync(partial, file.path);
  }
  return path.join(outdir, `${entry}.mjs`);
}

// `node app/build.mjs` (npm run build): every entry of this tree.
if (runAsScript()) {
  const root = path.resolve(import.meta.dirname, '..');
  for (const entry of Object.keys(entries)) console.log(path.relative(root, build(root, entry)));
}

function runAsScript() {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false; // argv[1] is no file (node -e, a REPL)
  }
}
