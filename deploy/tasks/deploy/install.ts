/**
 * The deploy's `install` phase: the new release's node_modules, built as few
 * times as possible, since `npm ci` compiles native modules (better-sqlite3:
 * minutes per host).
 *
 *   reuse    package-lock.json byte-identical to the previous release's and
 *            the same platform recorded there: hard links to its node_modules
 *   build    the first host of a platform that needs a fresh tree runs npm ci
 *   receive  the other hosts of that platform wait for it and get its tree
 *            streamed host → this machine → host (tar), checked by loading
 *            every native module in the new release; one that does not load
 *            (an older libc, say) falls back to its own npm ci
 *
 * A platform is `uname -sm`, Node's module ABI and the libc, computed on the
 * host (linux-x86_64-node115-glibc) and written to the release's
 * .node-platform, which the next deploy compares against.
 */
import { literal, sh, type Shell } from '#deploy/transport/shell.ts';
import type { Transport } from '#deploy/transport/types.ts';
import type { TaskContext } from '#deploy/tasks/context.ts';
import type { HostState, Phase } from '#deploy/tasks/phases.ts';
import type { HostSession } from '#deploy/tasks/session.ts';

const marker = 'folio-install:';
const platformFile = '.node-platform';

/** Sets $platform on the host. */
const platformScript = literal(
  `platform="$(uname -s | tr '[:upper:]' '[:lower:]')-$(uname -m)-node$(node -p process.versions.modules)-$(if ldd --version 2>&1 | grep -qi musl; then echo musl; else echo glibc; fi)"`,
);

/** Sets $lockfile: the start of package-lock.json's sha256, to key a shared build. */
const lockfileScript = literal(
  `[ -f package-lock.json ] || { echo 'no package-lock.json in the release: npm ci needs one' >&2; exit 1; }; lockfile="$( (sha256sum package-lock.json 2>/dev/null || shasum -a 256 package-lock.json) | cut -c1-16)"`,
);

/** npm's own lines (http fetches, install scripts as they run) are what the live status line shows. */
const npmCi = literal('npm ci --omit=dev --no-audit --no-fund --no-update-notifier --loglevel=info');

/** Loads every package with a binding.gyp: a tree built for another platform fails here. */
const loadNativeModules = literal(
  `node -e 'for (const name of process.argv.slice(1)) require(name)' $(cd node_modules && for f in */binding.gyp @*/*/binding.gyp; do [ -f "$f" ] && dirname "$f"; done)`,
);

const build = literal('npm run --if-present build');

interface Checked {
  readonly platform: string;
  readonly lockfile: string;
  /** Why a fresh tree is needed; undefined when the previous release's was reused. */
  readonly needed: string | undefined;
}

/** Where a platform's tree comes from in this run: a host that built (or reused) it. */
interface Source {
  readonly host: string;
  readonly transport: Transport;
  readonly dir: string;
}

interface Shared {
  readonly host: string;
  readonly ready: Promise<Source>;
}

/** Per run (the context is one run's), per platform and lockfile. */
const sharedTrees = new WeakMap<TaskContext, Map<string, Shared>>();

export const installPhase: Phase = {
  name: 'install',
  description:
    "hard-link the previous release's node_modules when package-lock.json and the platform (OS, CPU, Node ABI, libc) are unchanged; " +
    'else npm ci --omit=dev once per platform, streamed to the other hosts of that platform; then npm run build if there is one',
  undoDescription: '(removed with the release)',
  critical: true,
  async run(context, session, state) {
    if (context.dryRun) return planOnly(context, session, state);
    const dir = session.paths.release(state.target);
    const checked = parseCheck(
      await session.run(checkAndReuse(session, state), { what: 'install: check the platform and lockfile' }),
    );
    const trees = sharedTreesOf(context);
    const key = `${checked.platform} ${checked.lockfile}`;
    if (!checked.needed) {
      if (!trees.has(key))
        trees.set(key, {
          host: session.name,
          ready: Promise.resolve({ host: session.name, transport: session.transport, dir }),
        });
      context.reporter.info(
        session.name,
        `package-lock.json unchanged: reusing the node_modules of ${state.previous} (same platform, ${checked.platform})`,
      );
      return;
    }
    const shared = trees.get(key);
    if (!shared) {
      context.reporter.info(session.name, `npm ci (builds for ${checked.platform}): ${checked.needed}`);
      const ready = session
        .run(sh`cd ${dir} && rm -rf node_modules && ${npmCi} && ${record(checked.platform)} && ${build}`, {
          what: 'npm ci',
        })
        .then(() => ({ host: session.name, transport: session.transport, dir }));
      ready.catch(() => undefined); // the waiting hosts report it; this host's own failure comes from the await below
      trees.set(key, { host: session.name, ready });
      await ready;
      return;
    }
    context.reporter.info(
      session.name,
      `waiting for node_modules from ${shared.host} (same platform, ${checked.platform}): ${checked.needed}`,
    );
    const source = await shared.ready.catch((error: Error) => {
      throw new Error(
        `install failed on ${shared.host}, which was building node_modules for this host too: ${error.message}`,
      );
    });
    const output = await session.run(receive(dir, checked.platform), {
      input: { kind: 'remote', from: source.transport, script: sh`tar -C ${source.dir} -cf - node_modules` },
      what: `receive node_modules from ${source.host}`,
    });
    const fallback = output.split('\n').find((line) => line.startsWith(`${marker} fallback`));
    context.reporter.info(
      session.name,
      fallback
        ? `node_modules from ${source.host} do not load here: ran npm ci (builds for ${checked.platform})`
        : `received node_modules from ${source.host} (${checked.platform})`,
    );
  },
};

/** One round trip: the platform and lockfile, and when both match the previous release, the reuse and the build. */
function checkAndReuse(session: HostSession, state: HostState): Shell {
  const dir = session.paths.release(state.target);
  const found = sh`echo ${`${marker} platform`} "$platform" && echo ${`${marker} lockfile`} "$lockfile"`;
  if (!state.previous)
    return sh`cd ${dir} && ${platformScript} && ${lockfileScript} && ${found} && echo ${`${marker} needed no previous release`}`;
  const previous = session.paths.release(state.previous);
  const modules = `${previous}/node_modules`;
  const recorded = `${previous}/${platformFile}`;
  const link = sh`{ cp -al ${modules} node_modules 2>/dev/null || { rm -rf node_modules && cp -a ${modules} node_modules; }; }`;
  return sh`cd ${dir} && ${platformScript} && ${lockfileScript} && ${found} && \
if [ ! -d ${modules} ]; then why=${`no node_modules in ${state.previous}`}; \
elif ! cmp -s ${`${previous}/package-lock.json`} package-lock.json; then why='package-lock.json changed'; \
elif [ "$(cat ${recorded} 2>/dev/null)" != "$platform" ]; then why="the platform changed (${state.previous}: $(cat ${recorded} 2>/dev/null || echo not recorded))"; \
else why=''; fi && \
if [ -z "$why" ]; then ${link} && printf '%s\\n' "$platform" > ${platformFile} && npm run --if-present postinstall && ${build}; \
else echo ${`${marker} needed`} "$why"; fi`;
}

/** Unpacks a tree from stdin; keeps it when its native modules load here, else builds its own. */
function receive(dir: string, platform: string): Shell {
  return sh`cd ${dir} && rm -rf node_modules && tar -xf - && \
if ${loadNativeModules}; then npm run --if-present postinstall; \
else echo ${`${marker} fallback`} && rm -rf node_modules && ${npmCi}; fi && ${record(platform)} && ${build}`;
}

function record(platform: string): Shell {
  return sh`printf '%s\\n' ${platform} > ${platformFile}`;
}

function parseCheck(output: string): Checked {
  const value = (name: string) =>
    output
      .split('\n')
      .find((line) => line.startsWith(`${marker} ${name}`))
      ?.slice(`${marker} ${name}`.length)
      .trim();
  const platform = value('platform');
  const lockfile = value('lockfile');
  if (!platform || !lockfile)
    throw new Error(`install: the host did not report its platform and lockfile (got: ${output.trim().slice(0, 200)})`);
  return { platform, lockfile, needed: value('needed') };
}

function sharedTreesOf(context: TaskContext): Map<string, Shared> {
  let trees = sharedTrees.get(context);
  if (!trees) sharedTrees.set(context, (trees = new Map<string, Shared>()));
  return trees;
}

/** A dry run: the platform is read (read-only), the plan printed, and the commands shown, not run. */
async function planOnly(context: TaskContext, session: HostSession, state: HostState): Promise<void> {
  const recorded = state.previous ? `${session.paths.release(state.previous)}/${platformFile}` : '/dev/null';
  const [platform = 'unknown', previous = ''] = (
    await session.query(
      sh`${platformScript} && echo "$platform" && { cat ${recorded} 2>/dev/null || true; }`,
      'install: platform',
    )
  )
    .trim()
    .split('\n');
  const trees = sharedTreesOf(context);
  const builder = trees.get(platform)?.host;
  if (!builder) trees.set(platform, { host: session.name, ready: new Promise(() => undefined) });
  const fresh = builder
    ? `receive node_modules from ${builder} (same platform, ${platform})`
    : `npm ci (builds for ${platform})`;
  context.reporter.info(
    session.name,
    state.previous && previous === platform
      ? `plan: reuse the node_modules of ${state.previous} if package-lock.json is unchanged (same platform, ${platform}); else ${fresh}`
      : `plan: ${fresh}${state.previous ? ` (${state.previous} was built for ${previous || 'an unrecorded platform'})` : ''}`,
  );
  await session.run(checkAndReuse(session, state), { what: 'install' });
}
