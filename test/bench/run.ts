/**
 * `npm run bench`: seeds Folio at several sizes, drives load against it in
 * its four production shapes and, in the same run, against a raw node:http
 * server, a minimal Express + EJS app and Apache serving a static file of
 * the same size. Prints the tables and the targets, writes
 * test/bench/results/<latest|quick>.json and .svg. Everything it starts
 * (servers, worker pools, Apache, temp dirs) is stopped and removed at the
 * end, on failure and on Ctrl-C.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseOptions, UsageError, type BenchOptions } from '#test/bench/options.ts';
import { ensurePackages, MissingPackages, toolVersions } from '#test/bench/prerequisites.ts';
import { cleanupAll, cleanupOnSignals, Interrupted, throwIfInterrupted } from '#test/bench/cleanup.ts';
import { measureSize, type SizeResult } from '#test/bench/size-run.ts';
import { checkTargets, type TargetCheck } from '#test/bench/targets.ts';
import { casesTable, profileTable, sizesTable, targetsTable, skippedLines, legend } from '#test/bench/report.ts';
import { chart } from '#test/bench/chart.ts';
import { loadSettings } from '#test/bench/load.ts';
import { ghostReference } from '#test/bench/baselines.ts';

const resultsDir = path.join(import.meta.dirname, 'results');
const log = (line: string) => console.error(line);

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  cleanupOnSignals();
  ensurePackages(options.shapes.includes('c') || options.shapes.includes('d'), log);
  const started = performance.now();
  log(
    `bench: sizes ${options.sizes.join(', ')}; pages ${options.pages.join(', ')}; shapes ${options.shapes.join(', ')}; wrk -t${loadSettings.threads} -c${loadSettings.connections} -d${options.seconds}s after ${loadSettings.warmupSeconds} s unmeasured`,
  );
  const sizes: SizeResult[] = [];
  for (const size of options.sizes)
    sizes.push(
      await measureSize({ size, pages: options.pages, shapes: options.shapes, seconds: options.seconds, log }),
    );
  throwIfInterrupted();
  const totalSeconds = (performance.now() - started) / 1000;
  const targets = checkTargets(sizes);
  console.log(printed(sizes, targets, totalSeconds));
  write(options, sizes, targets, totalSeconds);
}

function printed(sizes: SizeResult[], targets: TargetCheck[], totalSeconds: number): string {
  const skipped = skippedLines(sizes);
  return [
    '',
    casesTable(sizes),
    '',
    sizesTable(sizes),
    '',
    profileTable(sizes),
    '',
    legend(),
    ...(skipped.length ? ['', ...skipped] : []),
    '',
    targetsTable(targets),
    '',
    `targets: ${targets.filter((t) => t.status === 'met').length} met, ${targets.filter((t) => t.status === 'missed').length} missed, ${targets.filter((t) => t.status === 'not measured').length} not measured`,
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

function write(options: BenchOptions, sizes: SizeResult[], targets: TargetCheck[], totalSeconds: number): void {
  mkdirSync(resultsDir, { recursive: true });
  const json = path.join(resultsDir, `${options.resultName}.json`);
  const svg = path.join(resultsDir, `${options.resultName}.svg`);
  const cpus = os.cpus();
  const results = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model,
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      ...toolVersions(),
    },
    settings: {
      ...loadSettings,
      seconds: options.seconds,
      sizes: options.sizes,
      pages: options.pages,
      shapes: options.shapes,
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
      `Folio, requests/s per page (${day}, ${cpus.length} cores, wrk -t${loadSettings.threads} -c${loadSettings.connections} -d${options.seconds}s)`,
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
