import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest';
import type { PoolSnapshot } from '#app/server/pool/snapshot.ts';
import { Supervisor } from '#app/server/pool/supervisor.ts';
import { planPool } from '#app/server/pool/plan.ts';
import { capturedLogger, fakeSpawner, type FakeBehaviour } from '#test/unit/server/pool/fake-workers.ts';

// The state machine, driven through its seam with worker twins and fake timers.

function pool(count = 2, behaviour?: FakeBehaviour) {
  const spawner = fakeSpawner(behaviour);
  const { logger, lines } = capturedLogger();
  const snapshots: PoolSnapshot[] = [];
  const plan = planPool({
    count,
    listen: { kind: 'tcp', host: '127.0.0.1', port: 9000 },
    transport: 'http',
    drainTimeoutMs: 30_000,
  });
  const supervisor = new Supervisor(plan, { spawnWorker: spawner.spawn, logger, publish: (s) => snapshots.push(s) });
  const said = (pattern: RegExp) => lines.filter((line) => pattern.test(line.msg));
  return { supervisor, spawner, lines, said, snapshots, last: () => snapshots.at(-1)! };
}

/** A started pool: readies workers by hand if they do not ready themselves. */
async function running(count: number, behaviour?: FakeBehaviour) {
  const p = pool(count, behaviour);
  const started = p.supervisor.start();
  if (behaviour?.readyAfterMs === undefined && behaviour) for (const worker of p.spawner.workers) worker.ready();
  await vi.advanceTimersByTimeAsync(behaviour?.readyAfterMs ?? 10);
  await started;
  p.spawner.timeline.length = 0;
  return p;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

// Asymmetric matchers are typed `any`; naming one `unknown` keeps that out of the objects it sits in.
const aNumber: unknown = expect.any(Number);

describe('starting the pool', () => {
  it('spawns one worker per address and is running once all are ready', async () => {
    const { supervisor, spawner, last } = pool(3);
    const started = supervisor.start();
    expect(spawner.workers.map((w) => [w.spec.name, w.spec.address, w.spec.transport])).toEqual([
      ['0', { kind: 'tcp', host: '127.0.0.1', port: 9000 }, 'http'],
      ['1', { kind: 'tcp', host: '127.0.0.1', port: 9001 }, 'http'],
      ['2', { kind: 'tcp', host: '127.0.0.1', port: 9002 }, 'http'],
    ]);
    expect(supervisor.phase).toBe('starting');
    await vi.advanceTimersByTimeAsync(10);
    await started;
    expect(supervisor.phase).toBe('running');
    expect(last().workers.map((w) => [w.pid, w.address, w.state])).toEqual(
      spawner.workers.map((w) => [w.pid, `127.0.0.1:${9000 + w.spec.slot}`, 'ready']),
    );
  });

  it("fails with the worker's reason if one dies before ready, and stops the others", async () => {
    const { supervisor, spawner } = pool(2, { drainMs: 5 });
    const started = supervisor.start();
    const outcome = expect(started).rejects.toThrow(
      /worker 1 \(pid \d+\) exited with code 1 before it got ready: listen EADDRINUSE 127.0.0.1:9001/,
    );
    spawner.workers[0]!.ready();
    spawner.workers[1]!.fail('listen EADDRINUSE 127.0.0.1:9001');
    await vi.advanceTimersByTimeAsync(10);
    await outcome;
    expect(spawner.workers[0]!.sent).toContainEqual({ type: 'drain', timeoutMs: 30_000 });
    expect(spawner.live()).toEqual([]);
    expect(supervisor.phase).toBe('stopped');
    expect(spawner.workers).toHaveLength(2); // no respawn while starting
  });

  it('kills a worker that is not ready within the boot timeout', async () => {
    const { supervisor, spawner } = pool(1, { drainMs: 5 });
    const outcome = expect(supervisor.start()).rejects.toThrow(
      /killed by SIGKILL before it got ready: not ready within 60 s/,
    );
    await vi.advanceTimersByTimeAsync(60_001);
    await outcome;
    expect(spawner.workers[0]!.signals).toEqual(['SIGKILL']);
  });
});

describe('a worker that dies', () => {
  it('is respawned after 0.1 s, doubling while its replacements die too, and the log says why', async () => {
    const { spawner, said } = await running(1, { readyAfterMs: undefined, drainMs: 5 });
    spawner.workers[0]!.exit(null, 'SIGKILL');
    expect(said(/died: it was killed by SIGKILL; respawning in 0.1 s/)).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(99);
    expect(spawner.workers).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(spawner.workers).toHaveLength(2);
    spawner.workers[1]!.exit(3);
    expect(said(/exited with code 3; respawning in 0.2 s/)).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(199);
    expect(spawner.workers).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(spawner.workers).toHaveLength(3);
    expect(spawner.workers.map((w) => w.spec.address.kind === 'tcp' && w.spec.address.port)).toEqual([
      9000, 9000, 9000,
    ]);
  });

  it('gets the short delay again after its slot ran healthy for 60 s', async () => {
    const { spawner, said } = await running(1, { readyAfterMs: 10, drainMs: 5 });
    for (let i = 0; i < 3; i += 1) {
      spawner.live()[0]!.exit(1);
      await vi.advanceTimersByTimeAsync(2_000);
    }
    expect(said(/respawning in/).map((l) => /in ([\d.]+) s/.exec(l.msg)![1])).toEqual(['0.1', '0.2', '0.4']);
    await vi.advanceTimersByTimeAsync(60_000);
    spawner.live()[0]!.exit(1);
    expect(said(/respawning in/).at(-1)!.msg).toMatch(/respawning in 0.1 s/);
  });

  it('is flagged as a crash loop at the 5th quick death, then retried once a minute until one stays up', async () => {
    const { supervisor, spawner, said, last } = await running(2, { readyAfterMs: 10, drainMs: 5 });
    for (let i = 0; i < 5; i += 1) {
      spawner
        .live()
        .find((w) => w.spec.slot === 1)!
        .exit(1);
      await vi.advanceTimersByTimeAsync(i < 4 ? 2_000 : 0);
    }
    expect(said(/CRASH LOOP: worker 1 died 5 times within 60 s/)).toHaveLength(1);
    const row = last().workers.find((w) => w.slot === 1)!;
    expect(row).toMatchObject({ state: 'dead', crashLoop: true, recentDeaths: 5, respawnAt: aNumber });
    expect(row.respawnAt! - Date.now()).toBe(60_000);
    const before = spawner.forSlot(1).length;
    await vi.advanceTimersByTimeAsync(59_999);
    expect(spawner.forSlot(1)).toHaveLength(before);
    await vi.advanceTimersByTimeAsync(11); // respawned, and ready 10 ms later
    expect(spawner.forSlot(1)).toHaveLength(before + 1);
    expect(last().workers.find((w) => w.slot === 1)).toMatchObject({ state: 'ready', crashLoop: true });
    await vi.advanceTimersByTimeAsync(62_000); // stats rounds notice it has been up for 60 s
    expect(last().workers.find((w) => w.slot === 1)).toMatchObject({
      state: 'ready',
      crashLoop: false,
      recentDeaths: 0,
    });
    expect(said(/the crash loop is over/)).toHaveLength(1);
    expect(spawner.forSlot(0)).toHaveLength(1); // the healthy slot was never touched
    void supervisor;
  });
});

describe('a rolling restart', () => {
  it('has each replacement ready before its predecessor drains, one slot at a time', async () => {
    const { supervisor, spawner, last } = await running(2, { readyAfterMs: 50, drainMs: 20 });
    const [old0, old1] = spawner.workers;
    const restarted = supervisor.restart();
    await vi.advanceTimersByTimeAsync(200);
    const record = await restarted;
    const [new0, new1] = spawner.workers.slice(2);
    expect(spawner.timeline).toEqual([
      `spawn 0 ${new0!.pid}`,
      `ready ${new0!.pid}`,
      `drain ${old0!.pid}`,
      `exit ${old0!.pid}`,
      `spawn 1 ${new1!.pid}`,
      `ready ${new1!.pid}`,
      `drain ${old1!.pid}`,
      `exit ${old1!.pid}`,
    ]);
    expect(new0!.spec.address).toEqual(old0!.spec.address);
    expect(record).toMatchObject({
      ok: true,
      replaced: [
        { worker: '0', oldPid: old0!.pid, newPid: new0!.pid },
        { worker: '1', oldPid: old1!.pid, newPid: new1!.pid },
      ],
    });
    expect(last().workers.map((w) => [w.pid, w.state])).toEqual([
      [new0!.pid, 'ready'],
      [new1!.pid, 'ready'],
    ]);
    expect(last().lastRestart).toMatchObject({ ok: true, finishedAt: aNumber });
  });

  it('shows the draining worker beside its replacement while it finishes', async () => {
    const { supervisor, spawner, snapshots } = await running(1, { readyAfterMs: 50, drainMs: 1_000 });
    void supervisor.restart();
    await vi.advanceTimersByTimeAsync(500);
    const during = snapshots.at(-1)!.workers.map((w) => [w.pid, w.state]);
    expect(during).toEqual([
      [spawner.workers[0]!.pid, 'draining'],
      [spawner.workers[1]!.pid, 'ready'],
    ]);
  });

  it('stops at a replacement that cannot boot, leaving the old workers serving', async () => {
    const { supervisor, spawner, last, said } = await running(2, { readyAfterMs: undefined, drainMs: 5 });
    const restarted = supervisor.restart();
    spawner.workers[2]!.fail('SyntaxError in the new release');
    await vi.advanceTimersByTimeAsync(100);
    const record = await restarted;
    expect(record).toMatchObject({ ok: false, replaced: [] });
    expect(record!.error).toMatch(
      /replacement for worker 0 did not get ready .*SyntaxError in the new release.*old workers keep serving/,
    );
    expect(spawner.workers).toHaveLength(3); // slot 1 was not touched, nothing respawned
    expect(spawner.workers[0]!.sent).not.toContainEqual(expect.objectContaining({ type: 'drain' }));
    expect(last().workers.map((w) => w.state)).toEqual(['ready', 'ready']);
    expect(said(/rolling restart failed/)).toHaveLength(1);
  });

  it('runs a restart asked for during another one once, after it', async () => {
    const { supervisor, spawner } = await running(1, { readyAfterMs: 50, drainMs: 5 });
    void supervisor.restart();
    void supervisor.restart();
    void supervisor.restart();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(spawner.workers).toHaveLength(3);
    expect(spawner.live()).toEqual([spawner.workers[2]]);
  });
});

describe('stopping', () => {
  it('drains every worker, kills one that outlives the drain timeout, and never respawns', async () => {
    const { supervisor, spawner, said, last } = await running(3, { readyAfterMs: 10, drainMs: undefined });
    spawner.workers[2]!.exit(1); // dead, respawn pending
    spawner.workers[0]!.behaviour.drainMs = undefined;
    const stopped = supervisor.stop();
    expect(spawner.workers[0]!.sent).toContainEqual({ type: 'drain', timeoutMs: 30_000 });
    spawner.workers[1]!.exit(0); // drains in time
    await vi.advanceTimersByTimeAsync(31_999);
    expect(spawner.workers[0]!.signals).toEqual([]);
    await vi.advanceTimersByTimeAsync(2);
    await stopped;
    expect(spawner.workers[0]!.signals).toEqual(['SIGKILL']);
    expect(said(/did not exit 30 s after drain: killing it/)).toHaveLength(1);
    expect(spawner.workers).toHaveLength(3);
    expect(supervisor.phase).toBe('stopped');
    expect(last().phase).toBe('stopped');
    await expect(supervisor.stopped).resolves.toBeUndefined();
  });

  it('sends SIGTERM to workers still booting; start then resolves with the pool stopped', async () => {
    const { supervisor, spawner, said } = pool(2, { readyAfterMs: undefined, drainMs: undefined });
    const started = supervisor.start();
    void supervisor.stop();
    expect(spawner.workers.map((w) => w.signals)).toEqual([['SIGTERM'], ['SIGTERM']]);
    await vi.advanceTimersByTimeAsync(1);
    await expect(started).resolves.toBeUndefined();
    expect(supervisor.phase).toBe('stopped');
    expect(spawner.workers.map((w) => w.signals)).toEqual([['SIGTERM'], ['SIGTERM']]);
    expect(said(/did not start|again/)).toEqual([]);
  });

  it('kills every worker at once on a second stop', async () => {
    const { supervisor, spawner, said } = await running(2, { readyAfterMs: 10, drainMs: undefined });
    void supervisor.stop();
    expect(spawner.workers.map((w) => w.signals)).toEqual([[], []]);
    const stopped = supervisor.stop();
    expect(spawner.workers.map((w) => w.signals)).toEqual([['SIGKILL'], ['SIGKILL']]);
    await vi.advanceTimersByTimeAsync(1);
    await stopped;
    expect(said(/stop requested again: killing the workers now/)).toHaveLength(1);
  });

  it('ignores a restart once stopping', async () => {
    const { supervisor, spawner } = pool(1);
    const started = supervisor.start();
    await vi.advanceTimersByTimeAsync(10);
    await started;
    void supervisor.stop();
    expect(await supervisor.restart()).toBeUndefined();
    await vi.advanceTimersByTimeAsync(100);
    expect(spawner.workers).toHaveLength(1);
  });
});
