/**
 * One shape's pages measured against their yardstick, interleaved: after one
 * unmeasured run of each (V8 compiles the hot code), every round runs the
 * baseline, two pages, the baseline, the next two pages, … and one last
 * baseline run closes the session. Each page run is compared with the mean of
 * the two baseline runs around it, taken seconds before and after on the
 * same machine, so a ratio no longer depends on what the machine was doing at
 * another moment; the rounds then give its median and spread.
 */
import { wrk, type LoadResult } from '#test/bench/load.ts';

export interface Session {
  baselineUrl: string;
  pages: ReadonlyArray<{ name: string; url: string }>;
  rounds: number;
  /** Seconds of wrk per run. */
  seconds: number;
  /**
   * Pairs of pages (indexes) that trade places every other round, so that
   * neither of two runs compared with each other is always the one just
   * after the baseline (metrics on and off).
   */
  alternate?: ReadonlyArray<readonly [number, number]>;
  /**
   * Resolves once the measured server has finished the last page run's
   * backlog (wrk stops with requests in flight), so the next run, baseline or
   * page, starts on an idle machine.
   */
  idle(): Promise<void>;
  /** Called after each measured round (memory is read there). */
  afterRound(round: number): void;
  log(line: string): void;
}

export interface PageRun extends LoadResult {
  /** The mean requests/s of the baseline runs just before and just after this run. */
  baselineRps: number;
}

export interface SessionResult {
  /** Per page, in the session's order: one run per round. */
  pages: PageRun[][];
  /** Every measured baseline run, in order (rounds × groups + 1). */
  baseline: LoadResult[];
}

/** Pages between two baseline runs: 1 would be strictly A B A B, at a third more runs. */
export const pagesPerBaseline = 2;
/** The unmeasured run before the rounds. */
export const warmupSeconds = 1;

export async function interleaved(session: Session): Promise<SessionResult> {
  const { pages, rounds, seconds } = session;
  let serverBusy = false;
  const run = async (url: string, duration: number, isPage: boolean) => {
    if (serverBusy) await session.idle();
    serverBusy = isPage;
    return wrk(url, duration);
  };

  await run(session.baselineUrl, warmupSeconds, false);
  for (const page of pages) await run(page.url, warmupSeconds, true);

  const baseline: LoadResult[] = [];
  const measured: Array<Array<LoadResult & { before: number }>> = pages.map(() => []);
  for (let round = 0; round < rounds; round++) {
    const order = roundOrder(pages.length, round % 2 === 1 ? (session.alternate ?? []) : []);
    for (let first = 0; first < pages.length; first += pagesPerBaseline) {
      baseline.push(await run(session.baselineUrl, seconds, false));
      for (const i of order.slice(first, first + pagesPerBaseline))
        measured[i]!.push({ ...(await run(pages[i]!.url, seconds, true)), before: baseline.length - 1 });
    }
    session.afterRound(round);
    session.log(`    round ${round + 1}/${rounds}: ${roundLine(pages, measured, baseline, round)}`);
  }
  baseline.push(await run(session.baselineUrl, seconds, false));

  return {
    baseline,
    pages: measured.map((runs) =>
      runs.map(({ before, ...load }) => ({
        ...load,
        baselineRps: (baseline[before]!.rps + baseline[before + 1]!.rps) / 2,
      })),
    ),
  };
}

/** The pages' indexes in the order a round runs them: as given, with each pair in `swapped` trading places. */
function roundOrder(count: number, swapped: ReadonlyArray<readonly [number, number]>): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  for (const [a, b] of swapped) {
    const [at, bt] = [order.indexOf(a), order.indexOf(b)];
    [order[at], order[bt]] = [b, a];
  }
  return order;
}

/** What a round measured, as it goes: each page's req/s, and the baseline runs' range. */
function roundLine(
  pages: Session['pages'],
  measured: ReadonlyArray<ReadonlyArray<LoadResult>>,
  baseline: readonly LoadResult[],
  round: number,
): string {
  const groups = Math.ceil(pages.length / pagesPerBaseline);
  const ours = baseline.slice(round * groups, (round + 1) * groups).map((b) => b.rps);
  const errors = measured.reduce((sum, runs) => sum + (runs[round]?.errors ?? 0), 0);
  return [
    ...pages.map((page, i) => `${page.name} ${measured[i]![round]!.rps.toFixed(0)}`),
    ours.length === 1
      ? `baseline ${ours[0]!.toFixed(0)} req/s`
      : `baseline ${Math.min(...ours).toFixed(0)}–${Math.max(...ours).toFixed(0)} req/s`,
    ...(errors ? [`${errors} errors`] : []),
  ].join(', ');
}
