/**
 * Which code a process runs: the release directory (realpath, so a
 * `current` link shows as the release it pointed to) and the revision a
 * deploy wrote into it (REVISION). A development checkout has no REVISION.
 * `workers status` shows both for the supervisor and every worker, and
 * `release:check --workers` reads them from the state file.
 */
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';

export interface CodeOrigin {
  /** The release directory, symlinks resolved. */
  readonly release: string | null;
  /** The trimmed content of its REVISION file; null when it has none. */
  readonly revision: string | null;
}

export const unknownOrigin: CodeOrigin = Object.freeze({ release: null, revision: null });

export function codeOrigin(root: string): CodeOrigin {
  const release = realpathSync(root);
  return { release, revision: readRevision(release) };
}

function readRevision(release: string): string | null {
  try {
    return readFileSync(path.join(release, 'REVISION'), 'utf8').trim() || null;
  } catch {
    return null; // none (a checkout), or unreadable: a status column is no reason to fail a spawn
  }
}
