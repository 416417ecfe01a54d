/**
 * `npm run bench`: seeds Folio at several sizes and drives load against it
 * in its four production shapes (the cache-off ones on PostgreSQL too, beside
 * SQLite), each shape's pages interleaved, round after
 * round, with the yardstick it is held to (a raw node:http server, a minimal
 * Express + EJS app, or Apache serving a static file of the same size).
 * Prints the machine, the tables and the targets with their verdicts, and
 * writes test/bench/results/<latest|quick>.json and .svg. Everything it
 * starts (servers, worker pools, Apache, temp dirs) is stopped and removed at
 * the end, on failure and on Ctrl-C, the PostgreSQL cluster included.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseOptions, UsageError, type BenchOptions } from '#test/bench/options.ts';
import { ensurePackages, MissingPackages } from '#test/bench/prerequisites.ts';
import { cleanupAll, cleanupOnSignals, Interrupted, throwIfInterrupted } from '#test/bench/cleanup.ts';
import { measureSize, type SizeResult } from '#test/bench/size-run.ts';
import { checkTargets, type TargetCheck } from '#test/bench/targets.ts';
import {
  casesTable,
  profileTable,
  sizesTable,
  targetsTable,
  skippedLines,
  legend,
  verdictLines,
} from '#test/bench/report.ts';
import { chart } from '#test/bench/chart.ts';
import { loadSettings } from '#test/bench/load.ts';
import { ghostReference } from '#test/bench/baselines.ts';
import { describeMachine, loadAverage, machineLines, type Machine } from '#test/bench/machine.ts';
import { pagesPerBaseline, warmupSeconds } from '#test/bench/interleave.ts';
import { postgresBinDir } from '#test/support/postgres.ts';

const resultsDir = path.join(import.meta.dirname, 'results');
const log = (line: string) => console.error(line);

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  cleanupOnSignals();
  ensurePackages(options.shapes.includes('c') || options.shapes.includes('d'), log);
  if (options.databases.includes('postgresql') && !postgresBinDir())
    throw new UsageError(
      'PostgreSQL is not installed (apt-get install postgresql); or leave it out: --databases sqlite',
    );
  // Before anything of the bench's own runs: the load the machine had without it.
  const machine = describeMachine();
  const started = performance.now();
  log(machineLines(machine).join('\n'));
  log(
    `bench: sizes ${options.sizes.join(', ')}; pages ${options.pages.join(', ')}; shapes ${options.shapes.join(', ')}; databases ${options.databases.join(', ')}; ${options.rounds} interleaved rounds of wrk -t${loadSettings.threads} -c${loadSettings.connections} -d${options.seconds}s`,
  );
  const sizes: SizeResult[] = [];
  for (const size of options.sizes)
    sizes.push(
      await measureSize({
        size,
        pages: options.pages,
        shapes: options.shapes,
        databases: options.databases,
        rounds: options.rounds,
        seconds: options.seconds,
        log,
      }),
    );
  throwIfInterrupted();
  machine.loadAfter = loadAverage();
  const totalSeconds = (performance.now() - started) / 1000;
  const targets = checkTargets(sizes);
  console.log(printed(options, machine, sizes, targets, totalSeconds));
  write(options, machine, sizes, targets, totalSeconds);
}

function printed(
  options: BenchOptions,
  machine: Machine,
  sizes: SizeResult[],
  targets: TargetCheck[],
  totalSeconds: number,
): string {
  const skipped = skippedLines(sizes);
  return [
    '',
    ...machineLines(machine),
    '',
    casesTable(sizes),
    '',
    sizesTable(sizes),
    '',
    profileTable(sizes),
    '',
    legend(options.rounds, options.seconds),
    ...(skipped.length ? ['', ...skipped] : []),
    '',
    targetsTable(targets),
    '',
    ...verdictLines(targets),
    `the run took ${totalSeconds.toFixed(0)} s: ${whereTimeWent(sizes)}`,
  ].join('\n');
}

function whereTimeWent(sizes: SizeResult[]): string {
  const phase = (name: string) => (name.length === 1 ? `(${name})` : name);
  return sizes
    .map(
      (s) =>
        `${s.size.toLocaleString('en')}: ${Object.entries(s.phaseSeconds)
          .map(([name, seconds]) => `${phase(name)} ${seconds.toFixed(0)} s`)
          .join(', ')}`,
    )
    .join('; ');
}

function write(
  options: BenchOptions,
  machine: Machine,
  sizes: SizeResult[],
  targets: TargetCheck[],
  totalSeconds: number,
): void {
  mkdirSync(resultsDir, { recursive: true });
  const json = path.join(resultsDir, `${options.resultName}.json`);
  const svg = path.join(resultsDir, `${options.resultName}.svg`);
  const results = {
    date: new Date().toISOString(),
    machine,
    settings: {
      ...loadSettings,
      rounds: options.rounds,
      seconds: options.seconds,
      warmupSeconds,
      pagesPerBaseline,
      sizes: options.sizes,
      pages: options.pages,
      shapes: options.shapes,
      databases: options.databases,
    },
    ghostReference,
    totalSeconds,
    targets,
    sizes,
  };
  writeFileSync(
    json,
    JSON.stringify(
      results,
      (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value),
      2,
    ) + '\n',
  );
  const day = results.date.slice(0, 10);
  writeFileSync(
    svg,
    chart(
      sizes,
      `Folio, requests/s per page (${day}, ${machine.cores} cores, ${options.rounds} rounds of wrk -t${loadSettings.threads} -c${loadSettings.connections} -d${options.seconds}s)`,
    ),
  );
  log(`\nwrote ${path.relative(process.cwd(), json)} and ${path.relative(process.cwd(), svg)}`);
}

main()
  .catch((error: unknown) => {
    if (error instanceof Interrupted) return;
    if (error instanceof UsageError || error instanceof MissingPackages) console.error(`bench: ${error.message}`);
    else console.error('bench failed:', error);
    process.exitCode = 1;
  })
  // Exit once clean: the in-process app's timers must not keep the bench alive.
  .finally(() => cleanupAll().then(() => process.exit()));
