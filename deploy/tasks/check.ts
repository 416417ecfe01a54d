/**
 * `check`: connects to every host and verifies, read-only, what a deploy
 * needs there, reporting host by host. Every check runs even when one
 * fails, so one pass shows everything to fix.
 */
import { sh } from '#deploy/transport/shell.ts';
import { requiredDirs } from '#deploy/tasks/setup.ts';
import { TaskFailed, type TaskContext } from '#deploy/tasks/context.ts';
import type { HostSession } from '#deploy/tasks/session.ts';

/** Folio's floor (package.json engines). */
const minimumNode = [20, 19, 0];

interface Outcome {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

type Check = (context: TaskContext, session: HostSession) => Promise<Omit<Outcome, 'name'>>;

const checks: Record<string, Check> = {
  connection: async (_context, session) => {
    const text = await session.query(sh`printf '%s on %s\\n' "$(id -un)" "$(uname -srm)"`);
    return { ok: true, detail: `${session.transport.description}: ${text.trim()}` };
  },
  source: async (context, session) => {
    const { repository, branch } = context.config;
    if (repository.kind === 'local') {
      const version = await session.query(sh`tar --version 2>/dev/null | head -n 1`);
      return {
        ok: Boolean(version.trim()),
        detail: version.trim()
          ? `tar for the uploaded tarball (${version.trim()})`
          : 'tar is missing (needed to unpack the upload)',
      };
    }
    const reach = await session.query(
      sh`command -v git >/dev/null || { echo 'git is missing'; exit 0; }; GIT_TERMINAL_PROMPT=0 GIT_SSH_COMMAND='ssh -o BatchMode=yes' git ls-remote --exit-code ${repository.url} ${`refs/heads/${branch}`} >/dev/null 2>&1 && echo ok || echo ${`cannot read branch ${branch} of ${repository.url} from this host`}`,
    );
    return {
      ok: reach.trim() === 'ok',
      detail: reach.trim() === 'ok' ? `git reaches ${repository.url} (${branch})` : reach.trim(),
    };
  },
  node: async (_context, session) => {
    const version = (await session.query(sh`node --version 2>/dev/null || true`)).trim();
    const parts = version.replace(/^v/, '').split('.').map(Number);
    const ok = version !== '' && compare(parts, minimumNode) >= 0;
    return {
      ok,
      detail: version
        ? `${version}${ok ? '' : ` (need ${minimumNode.join('.')} or newer)`}`
        : 'node is not on the PATH',
    };
  },
  npm: async (_context, session) => {
    const version = (await session.query(sh`npm --version 2>/dev/null || true`)).trim();
    return { ok: version !== '', detail: version || 'npm is not on the PATH' };
  },
  'build tools': async (_context, session) => {
    const missing = (
      await session.query(
        sh`for tool in make g++ python3; do command -v "$tool" >/dev/null || printf '%s ' "$tool"; done`,
      )
    ).trim();
    return {
      ok: missing === '',
      detail: missing ? `missing ${missing} (npm ci compiles better-sqlite3)` : 'make, g++, python3',
    };
  },
  'write access': async (_context, session) => {
    const dir = (
      await session.query(
        sh`dir=${session.paths.deployTo}; while [ ! -e "$dir" ]; do dir=$(dirname "$dir"); done; if [ -w "$dir" ]; then echo "$dir"; fi`,
      )
    ).trim();
    return {
      ok: dir !== '',
      detail: dir ? `can write ${dir}` : `cannot write ${session.paths.deployTo} or its nearest existing parent`,
    };
  },
  'free disk': async (context, session) => {
    const kb = Number(
      (
        await session.query(
          sh`dir=${session.paths.deployTo}; while [ ! -e "$dir" ]; do dir=$(dirname "$dir"); done; df -Pk "$dir" | awk 'NR==2 {print $4}'`,
        )
      ).trim(),
    );
    const mb = Math.floor(kb / 1024);
    return { ok: mb >= context.config.minFreeDiskMb, detail: `${mb} MB free (need ${context.config.minFreeDiskMb})` };
  },
  'shared dirs': async (context, session) => {
    const dirs = requiredDirs(context, session);
    const missing = (await session.query(sh`for dir in ${dirs}; do [ -d "$dir" ] || echo "$dir"; done`))
      .trim()
      .split('\n')
      .filter(Boolean);
    return {
      ok: missing.length === 0,
      detail: missing.length ? `missing ${missing.join(', ')}: run npm run deploy -- setup` : `${dirs.length} present`,
    };
  },
};

export async function check(context: TaskContext): Promise<void> {
  const reports = await Promise.all(context.sessions.map((session) => checkHost(context, session)));
  const failed = reports.filter((report) => report.some((outcome) => !outcome.ok)).length;
  if (failed) throw new TaskFailed(`check: ${failed} of ${context.sessions.length} host(s) are not ready`);
  context.reporter.info(undefined, `all ${context.sessions.length} host(s) are ready to deploy`);
}

async function checkHost(context: TaskContext, session: HostSession): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const [name, run] of Object.entries(checks)) {
    const outcome = await run(context, session).catch((error: Error) => ({ ok: false, detail: error.message }));
    outcomes.push({ name, ...outcome });
    if (name === 'connection' && !outcome.ok) break; // nothing else can be learned
  }
  const width = Math.max(...outcomes.map((outcome) => outcome.name.length));
  const lines = outcomes.map((outcome) => `${outcome.ok ? '✓' : '✗'} ${outcome.name.padEnd(width)}  ${outcome.detail}`);
  context.reporter.block([`${session.name}`, ...lines.map((line) => `  ${line}`)].join('\n'));
  return outcomes;
}

function compare(a: number[], b: number[]): number {
  for (let index = 0; index < b.length; index += 1) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
