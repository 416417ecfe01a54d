/**
 * A deployed release's environment, `<release>/.deploy-env`: the deploy
 * writes one `KEY=value` line per variable (mode 600), each value quoted by
 * deploy/transport/shell.ts `quote`, so the file is also a shell script the
 * deploy sources. Reading it here lets a command run on the host without
 * sourcing it by hand: `cd <deployTo>/current && npm run workers -- status`.
 *
 * The parser reads exactly what `quote` writes, bare words and single-quoted
 * strings (a quote inside as '\''), and refuses any other shell syntax
 * rather than guess what a shell would have made of it.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export const deployEnvFile = '.deploy-env';

export class DeployEnvError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'DeployEnvError';
  }
}

/** The variables in `<root>/.deploy-env`; none if there is no such file. */
export function readDeployEnv(root: string): Record<string, string> {
  const file = path.join(root, deployEnvFile);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return {};
    if (code === 'EACCES') throw unreadable(file);
    throw new DeployEnvError(file, `cannot read it: ${(error as Error).message}`);
  }
  try {
    return parseDeployEnv(text);
  } catch (error) {
    throw new DeployEnvError(file, (error as Error).message);
  }
}

/** Parses `KEY=value` lines (blank lines and # comments skipped); throws naming the line. */
export function parseDeployEnv(text: string): Record<string, string> {
  const variables: Record<string, string> = {};
  let at = 0;
  let line = 1;
  const fail = (problem: string): never => {
    throw new SyntaxError(`line ${line}: ${problem}`);
  };
  while (at < text.length) {
    const char = text[at]!;
    if (char === '\n') {
      line += 1;
      at += 1;
      continue;
    }
    if (char === ' ' || char === '\t') {
      at += 1;
      continue;
    }
    if (char === '#') {
      while (at < text.length && text[at] !== '\n') at += 1;
      continue;
    }
    const key =
      /^[A-Za-z_][A-Za-z0-9_]*=/.exec(text.slice(at, at + 256))?.[0].slice(0, -1) ?? fail('expected KEY=value');
    at += key.length + 1;
    let value = '';
    for (;;) {
      const next = text[at];
      if (next === undefined || next === '\n') break;
      if (next === "'") {
        const end = text.indexOf("'", at + 1);
        if (end === -1) fail(`${key}: a single quote is never closed`);
        const quoted = text.slice(at + 1, end);
        value += quoted;
        line += quoted.split('\n').length - 1; // a quoted value may hold newlines
        at = end + 1;
      } else if (next === '\\' && text[at + 1] !== undefined && text[at + 1] !== '\n') {
        value += text[at + 1];
        at += 2;
      } else if (/[A-Za-z0-9_/.,:=@%+-]/.test(next)) {
        value += next;
        at += 1;
      } else {
        fail(`${key}: unexpected ${JSON.stringify(next)} (only bare words and 'single-quoted' values are read)`);
      }
    }
    variables[key] = value;
  }
  return variables;
}

/** Says who owns the file and who we are, and how to run as the owner. */
function unreadable(file: string): DeployEnvError {
  let owner: number | undefined;
  let mode = '';
  try {
    const stats = statSync(file);
    owner = stats.uid;
    mode = `mode ${(stats.mode & 0o777).toString(8)}, `;
  } catch {
    // a directory on the way is not searchable: nothing more to tell
  }
  const me = process.getuid?.();
  const who =
    owner === undefined
      ? ''
      : `${mode}owned by ${userName(owner)}${me === undefined ? '' : `, and this process runs as ${userName(me)}`}`;
  return new DeployEnvError(
    file,
    `cannot read it (permission denied${who ? `: ${who}` : ''}); run the command as the user that deploys, e.g. sudo -u ${owner === undefined ? '<deploy user>' : userName(owner, false)} npm run …`,
  );
}

/** "deploy (uid 1001)", from /etc/passwd; the bare uid when it has no name there. */
function userName(uid: number, withUid = true): string {
  let passwd = '';
  try {
    passwd = readFileSync('/etc/passwd', 'utf8');
  } catch {
    // no passwd file (a container): the number alone
  }
  const name = passwd
    .split('\n')
    .map((line) => line.split(':'))
    .find((fields) => fields[2] === String(uid))?.[0];
  if (!name) return withUid ? `uid ${uid}` : `#${uid}`;
  return withUid ? `${name} (uid ${uid})` : name;
}
