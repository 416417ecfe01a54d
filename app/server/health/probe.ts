/**
 * Asks one target (the new release in-process, or one worker) for each
 * route, one at a time, and judges each answer: 200, a non-empty body, the
 * expected content type. Each answer is waited for until the check's
 * deadline, never retried: on a busy host a first render may take seconds,
 * and asking again would only queue another.
 */
import { expectedMediaTypes, type HealthRoute } from '#app/server/health/routes.ts';
import { CheckFailure, type Deadline } from '#app/server/health/deadline.ts';

export interface Answer {
  readonly status: number;
  /** The Content-Type header as sent ('' if none). */
  readonly contentType: string;
  readonly body: Buffer;
  /** X-Request-Id: how the app's log names this request. */
  readonly requestId: string | undefined;
  readonly location: string | undefined;
}

/** How one target is asked for a path; rejects when `signal` aborts. */
export type Ask = (path: string, signal: AbortSignal) => Promise<Answer>;

export interface ProbeTarget {
  /** Printed before each line ("worker 0"); none for the release itself. */
  readonly label?: string;
  readonly ask: Ask;
  /** The error the app logged for a failed request, if it can be found. */
  explain(requestId: string | undefined): string | undefined | Promise<string | undefined>;
  /** Where that error was looked for (`the pool's log, /srv/…/workers.log`), for when it was not found. */
  readonly log: string;
}

/** Checks each route in turn, printing a line per pass; throws CheckFailure (its message is the line) at the first failure. */
export async function probeRoutes(
  target: ProbeTarget,
  routes: readonly HealthRoute[],
  deadline: Deadline,
  print: (line: string) => void,
): Promise<void> {
  for (const route of routes) {
    const prefix = `${target.label ? `${target.label}: ` : ''}`;
    deadline.doing(`GET ${route.path}`, prefix);
    const started = performance.now();
    let answer: Answer;
    try {
      answer = await target.ask(route.path, deadline.signal);
    } catch (error) {
      if (deadline.signal.aborted) throw deadline.expired();
      throw new CheckFailure(
        `${prefix}✗ GET ${route.path}: no answer: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const line = `GET ${route.path} ${summary(answer, performance.now() - started)}`;
    const problem = judge(route, answer);
    if (problem === undefined) {
      print(`${prefix}✓ ${line}`);
      continue;
    }
    const logged = await target.explain(answer.requestId);
    const request = answer.requestId ? `request ${answer.requestId}` : 'no request id';
    const cause = logged
      ? `the app logged: ${logged} (${request})`
      : `no warning or error for it in ${target.log} (${request})`;
    throw new CheckFailure(`${prefix}✗ ${line}: ${problem}; ${cause}`);
  }
}

/** What is wrong with an answer, or undefined if it passes. */
export function judge(route: HealthRoute, answer: Answer): string | undefined {
  if (answer.status !== 200) return `expected 200${answer.location ? `, redirected to ${answer.location}` : ''}`;
  const wanted = expectedMediaTypes[route.expect];
  if (mediaType(answer.contentType) !== wanted) return `expected ${wanted}`;
  if (answer.body.length === 0) return 'empty body';
  return undefined;
}

/** `200 text/html 12.3 kB 85 ms` */
function summary(answer: Answer, ms: number): string {
  return `${answer.status} ${mediaType(answer.contentType) || '(no content type)'} ${size(answer.body.length)} ${Math.round(ms)} ms`;
}

function mediaType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

function size(bytes: number): string {
  return bytes < 1000 ? `${bytes} B` : `${(bytes / 1000).toFixed(1)} kB`;
}
