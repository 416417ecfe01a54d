/**
 * The Debian packages the benchmark drives: wrk always, apache2 for the
 * shapes behind Apache. As root they are installed with apt-get; otherwise
 * the bench names what is missing and stops.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { apacheBinary } from '#test/support/apache.ts';

interface Requirement {
  pkg: string;
  present(): boolean;
}

const wrk: Requirement = {
  pkg: 'wrk',
  present: () => spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined,
};
const apache: Requirement = {
  pkg: 'apache2',
  present: () =>
    existsSync(apacheBinary) &&
    existsSync('/usr/lib/apache2/modules/mod_proxy_fcgi.so') &&
    existsSync('/etc/mime.types'),
};

export class MissingPackages extends Error {
  constructor(readonly packages: string[]) {
    super(
      `missing Debian packages: ${packages.join(' ')}\ninstall them with: sudo apt-get install ${packages.join(' ')}\n(or run the bench as root, which installs them)`,
    );
    this.name = 'MissingPackages';
  }
}

/** Makes sure wrk (and apache2 when `withApache`) are installed; throws MissingPackages when it cannot. */
export function ensurePackages(withApache: boolean, log: (line: string) => void): void {
  const missing = () => [wrk, ...(withApache ? [apache] : [])].filter((r) => !r.present()).map((r) => r.pkg);
  const packages = missing();
  if (packages.length === 0) return;
  if (process.getuid?.() !== 0) throw new MissingPackages(packages);
  log(`installing ${packages.join(' ')} with apt-get…`);
  const install = () =>
    spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...packages], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  if (install().status !== 0) {
    execFileSync('apt-get', ['update'], { stdio: 'inherit' });
    install();
  }
  const still = missing();
  if (still.length > 0) throw new MissingPackages(still);
}

/** Versions for the results file: what produced these figures. */
export function toolVersions(): { wrk?: string; apache?: string } {
  const first = (command: string, args: string[]) => {
    const run = spawnSync(command, args, { encoding: 'utf8' });
    return `${run.stdout ?? ''}${run.stderr ?? ''}`.split('\n').find(Boolean)?.trim();
  };
  return {
    wrk: first('wrk', ['--version']),
    apache: existsSync(apacheBinary) ? first(apacheBinary, ['-v']) : undefined,
  };
}
