/**
 * Getting the code into a release directory. The revision is resolved once,
 * here, before any host is touched, so every host gets the same commit.
 *   git URL:    each host keeps a mirror in <deployTo>/repo, fetches, and
 *               exports the commit with `git archive | tar -x`
 *   local path: `git archive` of the commit here, streamed over the
 *               transport into `tar -x` on the host (no git needed there)
 * Either way the release holds exactly the committed tree, plus REVISION.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Repository } from '#deploy/configuration.ts';
import { sh, type Shell } from '#deploy/transport/shell.ts';
import type { Input } from '#deploy/transport/types.ts';
import type { HostPaths } from '#deploy/tasks/paths.ts';

const git = promisify(execFile);

export interface Revision {
  readonly sha: string;
  readonly branch: string;
  readonly repository: Repository;
}

/** The commit `branch` names now; throws a clear error if the repository or branch cannot be read. */
export async function resolveRevision(repository: Repository, branch: string): Promise<Revision> {
  const env = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_SSH_COMMAND: 'ssh -o BatchMode=yes' };
  try {
    if (repository.kind === 'local') {
      const { stdout } = await git(
        'git',
        ['-C', repository.path, 'rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`],
        { env },
      );
      return { sha: stdout.trim(), branch, repository };
    }
    const { stdout } = await git('git', ['ls-remote', '--exit-code', repository.url, `refs/heads/${branch}`], {
      env,
      timeout: 60_000,
    });
    const sha = stdout.split(/\s/)[0] ?? '';
    if (!/^[0-9a-f]{40,64}$/.test(sha)) throw new Error(`unexpected answer from git ls-remote: ${stdout.trim()}`);
    return { sha, branch, repository };
  } catch (error) {
    const where = repository.kind === 'local' ? repository.path : repository.url;
    const detail = (error as { stderr?: string }).stderr?.trim() || (error as Error).message;
    throw new Error(`cannot resolve branch "${branch}" of ${where}: ${detail || 'no such branch'}`);
  }
}

/** The script (and its stdin) that fills the (new, empty) `releaseDir` on a host with exactly `revision`. */
export function exportRelease(
  paths: HostPaths,
  releaseDir: string,
  revision: Revision,
): { script: Shell; input?: Input } {
  const writeRevision = sh`printf '%s\\n' ${revision.sha} > ${`${releaseDir}/REVISION`}`;
  if (revision.repository.kind === 'local') {
    return {
      script: sh`tar -x -f - -C ${releaseDir} && ${writeRevision}`,
      input: {
        kind: 'command',
        argv: ['git', '-C', revision.repository.path, 'archive', '--format=tar', revision.sha],
      },
    };
  }
  const { repo } = paths;
  const url = revision.repository.url;
  return {
    script: sh`export GIT_TERMINAL_PROMPT=0 GIT_SSH_COMMAND='ssh -o BatchMode=yes' && if [ -d ${repo} ]; then git --git-dir=${repo} remote set-url origin ${url} && git --git-dir=${repo} fetch --quiet --prune origin '+refs/heads/*:refs/heads/*'; else git clone --quiet --mirror ${url} ${repo}; fi && git --git-dir=${repo} cat-file -e ${`${revision.sha}^{commit}`} && git --git-dir=${repo} archive --format=tar ${revision.sha} | tar -x -f - -C ${releaseDir} && ${writeRevision}`,
  };
}
