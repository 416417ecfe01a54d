/**
 * The supervisor's side of the monitoring: its own metrics (workers,
 * restarts, crash loops, memory, page-cache hits), the answer to a worker
 * that serves GET /metrics (every ready worker's registry, summed, with the
 * supervisor's), and the monitor loop's view of the pool.
 */
import type { Logger } from 'pino';
import { HostMetrics, type HostFacts } from '#app/monitor/metrics/host.ts';
import { poolExposition } from '#app/monitor/metrics/pool.ts';
import type { HostReading, MonitorSources } from '#app/monitor/loop.ts';
import type { WorkerReading } from '#app/monitor/worker-deltas.ts';
import type { Supervisor } from '#app/server/pool/supervisor.ts';
import type { WorkerHandle } from '#app/server/pool/worker-handle.ts';

/** A worker that has not answered within this is left out of the round (a busy or hung one). */
export const WORKER_ANSWER_MS = 1_000;

export function poolHostMetrics(pool: () => Supervisor): HostMetrics {
  return new HostMetrics(() => hostFacts(pool()));
}

/** Answers a worker's pool-metrics question; a failure answers null (the worker then fails its request). */
export async function answerPoolMetrics(
  supervisor: Supervisor,
  host: HostMetrics,
  logger: Logger,
  asker: WorkerHandle,
  id: number,
): Promise<void> {
  let text: string | null = null;
  try {
    const answers = await supervisor.askReady(
      (question) => ({ type: 'collect-metrics', id: question }),
      WORKER_ANSWER_MS,
    );
    text = await poolExposition(
      answers.flatMap(({ answer }) => (answer.type === 'metrics' ? [answer.metrics] : [])),
      host.registry,
    );
  } catch (error) {
    logger.error({ err: error }, `the pool's metrics could not be put together: ${(error as Error).message}`);
  }
  asker.process.send({ type: 'pool-metrics-text', id, text });
}

export function poolSources(supervisor: Supervisor, hostMetrics: HostMetrics): MonitorSources {
  return {
    hostMetrics,
    servesPageCache: supervisor.plan.transport === 'http',
    async readTallies(): Promise<WorkerReading[]> {
      const answers = await supervisor.askReady((id) => ({ type: 'take-tally', id }), WORKER_ANSWER_MS);
      return answers.flatMap(({ handle, answer }) =>
        answer.type === 'tally' && handle.pid !== undefined ? [{ pid: handle.pid, tally: answer.tally }] : [],
      );
    },
    readHost(): HostReading {
      const rows = supervisor.snapshot().workers.filter((row) => row.state !== 'dead');
      return {
        pids: rows.flatMap((row) => (row.pid === null ? [] : [row.pid])),
        workers: rows.filter((row) => row.state === 'ready').length,
        rssBytes: rows.reduce((sum, row) => sum + (row.rssBytes ?? 0), 0),
        crashLoop: supervisor.slots.some((slot) => slot.backoff.crashLoop),
        restarts: supervisor.deaths,
      };
    },
  };
}

function hostFacts(supervisor: Supervisor): HostFacts {
  return {
    restarts: supervisor.deaths,
    workers: supervisor.snapshot().workers.map((row) => ({
      name: row.name,
      state: row.state,
      rssBytes: row.rssBytes,
      crashLoop: row.crashLoop,
    })),
  };
}
