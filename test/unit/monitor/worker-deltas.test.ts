import { describe, it, expect } from 'vitest';
import { WorkerDeltas } from '#app/monitor/worker-deltas.ts';
import { RequestTally } from '#app/monitor/metrics/tally.ts';

function served(statuses: number[], ms = 3): RequestTally {
  const tally = new RequestTally();
  for (const status of statuses) tally.note(status, ms);
  return tally;
}

describe("the workers' deltas", () => {
  it('counts each worker from its last reading, a new pid from zero, and a silent one at its next answer', () => {
    const deltas = new WorkerDeltas();
    const a = served([200, 200, 404]);
    a.noteRead('/2024/01/01/a');
    const b = served([500]);
    const first = deltas.take(
      [
        { pid: 1, tally: a.drain() },
        { pid: 2, tally: b.drain() },
      ],
      [1, 2],
    );
    expect(first).toMatchObject({ requests: 4, clientErrors: 1, serverErrors: 1, reads: { '/2024/01/01/a': 1 } });
    expect(first.latency[0]).toBe(4);

    a.note(200, 30);
    // Worker 2 did not answer in time; worker 3 is new.
    const second = deltas.take(
      [
        { pid: 1, tally: a.drain() },
        { pid: 3, tally: served([200, 200]).drain() },
      ],
      [1, 2, 3],
    );
    expect(second).toMatchObject({ requests: 3, clientErrors: 0, serverErrors: 0, reads: {} });
    expect(second.latency[0]).toBe(2);
    expect(second.latency[3]).toBe(1);

    b.note(200, 1);
    const third = deltas.take([{ pid: 2, tally: b.drain() }], [1, 2, 3]);
    expect(third).toMatchObject({ requests: 1, serverErrors: 0 });
  });

  it('forgets a worker that is gone, and counts a reused pid whose counters went down from zero', () => {
    const deltas = new WorkerDeltas();
    deltas.take([{ pid: 7, tally: served([200, 200, 200]).drain() }], [7]);
    expect(deltas.take([{ pid: 7, tally: served([200]).drain() }], [7]).requests).toBe(1);
    deltas.take([], []);
    expect(deltas.take([{ pid: 7, tally: served([200, 200]).drain() }], [7]).requests).toBe(2);
  });
});
