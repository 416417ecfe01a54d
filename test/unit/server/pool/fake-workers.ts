/**
 * The twin of the real spawner: worker "processes" the test drives by hand
 * (ready, fail, die), which behave like real ones where the supervisor
 * relies on it: a drain message ends them after `drainMs`, a kill after a
 * tick, and each exit is reported once. Timers go through setTimeout, so
 * vitest's fake timers control them.
 */
import { EventEmitter } from 'node:events';
import { pino, type Logger } from 'pino';
import type { SupervisorMessage, WorkerMessage } from '#app/server/pool/messages.ts';
import { unknownOrigin } from '#app/server/pool/release.ts';
import type { SpawnWorker, WorkerProcess, WorkerSpec } from '#app/server/pool/spawner.ts';

export interface FakeBehaviour {
  /** Become ready this long after spawning; undefined: only when the test says so. */
  readyAfterMs?: number;
  /** Exit 0 this long after a drain message; undefined: ignore drains (a stuck worker). */
  drainMs?: number;
}

export class FakeWorker implements WorkerProcess {
  static #nextPid = 1000;
  readonly pid = FakeWorker.#nextPid++;
  readonly origin = unknownOrigin;
  readonly sent: SupervisorMessage[] = [];
  readonly signals: NodeJS.Signals[] = [];
  exited = false;
  readonly #events = new EventEmitter();

  constructor(
    readonly spec: WorkerSpec,
    readonly behaviour: FakeBehaviour,
    readonly timeline: string[],
  ) {
    if (behaviour.readyAfterMs !== undefined) setTimeout(() => this.ready(), behaviour.readyAfterMs);
  }

  send(message: SupervisorMessage): void {
    this.sent.push(message);
    if (message.type === 'drain') {
      this.timeline.push(`drain ${this.pid}`);
      if (this.behaviour.drainMs !== undefined) setTimeout(() => this.exit(0), this.behaviour.drainMs);
    } else if (!this.exited) {
      this.#events.emit('message', {
        type: 'stats',
        requestsServed: 7,
        activeRequests: 0,
        rssBytes: 50 * 1024 * 1024,
        clientErrors: 0,
        serverErrors: 0,
        latency: [],
      });
    }
  }

  kill(signal: NodeJS.Signals): void {
    this.signals.push(signal);
    setTimeout(() => this.exit(null, signal), 0);
  }

  onMessage(listener: (message: WorkerMessage) => void): void {
    this.#events.on('message', listener);
  }

  onExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void {
    this.#events.on('exit', listener);
  }

  ready(): void {
    if (this.exited) return;
    this.timeline.push(`ready ${this.pid}`);
    this.#events.emit('message', { type: 'ready' });
  }

  /** Reports a boot failure and exits 1, as worker.ts does. */
  fail(message: string): void {
    this.#events.emit('message', { type: 'failed', message });
    this.exit(1);
  }

  exit(code: number | null, signal: NodeJS.Signals | null = null): void {
    if (this.exited) return;
    this.exited = true;
    this.timeline.push(`exit ${this.pid}`);
    this.#events.emit('exit', code, signal);
  }
}

export function fakeSpawner(behaviour: FakeBehaviour = { readyAfterMs: 10, drainMs: 5 }) {
  const workers: FakeWorker[] = [];
  const timeline: string[] = [];
  const spawn: SpawnWorker = (spec) => {
    const worker = new FakeWorker(spec, behaviour, timeline);
    timeline.push(`spawn ${spec.slot} ${worker.pid}`);
    workers.push(worker);
    return worker;
  };
  return {
    spawn,
    workers,
    timeline,
    behaviour,
    /** Every worker spawned for `slot`, oldest first. */
    forSlot: (slot: number) => workers.filter((worker) => worker.spec.slot === slot),
    live: () => workers.filter((worker) => !worker.exited),
  };
}

/** A pino line as the supervisor writes them: every one has a level and a message. */
interface LogLine {
  level: number;
  msg: string;
}

/** A real pino logger writing into an array, so tests can read what the supervisor said. */
export function capturedLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    logger: pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) }),
    lines,
  };
}
