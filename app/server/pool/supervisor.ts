/**
 * The pool's state machine: spawns one worker per slot, respawns the dead
 * with backoff, replaces workers one at a time on restart (the new one
 * ready before the old one drains), and drains them all on stop.
 *
 * It touches processes only through the injected `spawnWorker`, and the
 * world only through `publish` (the state file) and the logger, so tests
 * drive it with a twin and fake timers.
 */
import type { Logger } from 'pino';
import { formatAddress } from '#app/server/pool/address.ts';
import { Backoff } from '#app/server/pool/backoff.ts';
import type { PoolPlan } from '#app/server/pool/plan.ts';
import type { SupervisorMessage, WorkerAnswer, WorkerMessage } from '#app/server/pool/messages.ts';
import { Questions } from '#app/server/pool/questions.ts';
import type { SpawnWorker } from '#app/server/pool/spawner.ts';
import { WorkerHandle } from '#app/server/pool/worker-handle.ts';
import { takeSnapshot, type Phase, type PoolSnapshot, type RestartRecord } from '#app/server/pool/snapshot.ts';
import { rollingRestart } from '#app/server/pool/rolling-restart.ts';
import { respawnLater, settleIfHealthy } from '#app/server/pool/respawn.ts';
import type { Place, Pool, Slot } from '#app/server/pool/slot.ts';

export interface SupervisorSeams {
  readonly spawnWorker: SpawnWorker;
  readonly logger: Logger;
  /** Called after every change of state. */
  readonly publish?: (snapshot: PoolSnapshot) => void;
  /** A worker asks for the pool's metrics (to answer GET /metrics); the answer goes to `handle`. */
  readonly onPoolMetrics?: (handle: WorkerHandle, id: number) => void;
}

/** A drained worker that has not exited this long after its drain timeout is killed. */
const KILL_GRACE_MS = 2_000;

export class Supervisor implements Pool {
  readonly plan: PoolPlan;
  readonly startedAt = Date.now();
  /** Settles once every worker has exited after `stop()`. */
  readonly stopped: Promise<void>;
  readonly #seams: SupervisorSeams;
  readonly #live = new Set<WorkerHandle>();
  #slots: Slot[] = [];
  #phase: Phase = 'idle';
  #statsTimer: NodeJS.Timeout | undefined;
  #stopping: Promise<void> | undefined;
  #restarting: Promise<RestartRecord> | undefined;
  #restartPending = false;
  #lastRestart: RestartRecord | undefined;
  #deaths = 0;
  readonly #questions = new Questions<WorkerAnswer>();
  #markStopped!: () => void;

  constructor(plan: PoolPlan, seams: SupervisorSeams) {
    this.plan = plan;
    this.#seams = seams;
    this.stopped = new Promise((resolve) => (this.#markStopped = resolve));
  }

  get phase(): Phase {
    return this.#phase;
  }

  get slots(): readonly Slot[] {
    return this.#slots;
  }

  /** Workers that died unexpectedly since the pool started (each was respawned). */
  get deaths(): number {
    return this.#deaths;
  }

  /** Puts a question to every ready worker; resolves with the answers that came within `timeoutMs`. */
  async askReady(
    question: (id: number) => SupervisorMessage,
    timeoutMs: number,
  ): Promise<Array<{ handle: WorkerHandle; answer: WorkerAnswer }>> {
    const ready = [...this.#live].filter((handle) => handle.state === 'ready');
    const answers = await Promise.all(
      ready.map(async (handle) => ({
        handle,
        answer: await this.#questions.ask((id) => handle.process.send(question(id)), timeoutMs),
      })),
    );
    return answers.filter((a): a is { handle: WorkerHandle; answer: WorkerAnswer } => a.answer !== undefined);
  }

  /**
   * Spawns every slot and resolves when all are ready (or when `stop()` was
   * called meanwhile: check `phase`). If a worker fails first, stops the
   * rest and rejects with its reason.
   */
  async start(): Promise<void> {
    if (this.#phase !== 'idle') throw new Error(`cannot start a pool that is ${this.#phase}`);
    this.#phase = 'starting';
    this.#slots = this.plan.addresses.map((address, index) => {
      const place = { index, name: String(index), address, backoff: new Backoff(this.plan.backoff) };
      return { ...place, current: this.spawn(place) };
    });
    this.publish();
    try {
      await Promise.all(this.#slots.map((slot) => slot.current.ready));
    } catch (error) {
      if (this.#stopping) return this.#stopping; // stopped while booting: not a failure
      this.#seams.logger.error({ err: error }, `the pool did not start: ${(error as Error).message}`);
      await this.stop();
      throw error;
    }
    if (this.#phase !== 'starting') return;
    this.#phase = 'running';
    this.#statsTimer = setInterval(() => this.#collectStats(), this.plan.statsIntervalMs);
    this.#seams.logger.info(
      { pids: this.#slots.map((s) => s.current.pid) },
      `pool ready: ${this.#slots.length} ${this.plan.transport} workers`,
    );
    this.publish();
    if (this.#restartPending) void this.restart();
  }

  /** Rolling restart, one slot at a time. A request during one runs once it ends; during boot, once the pool is ready. */
  restart(): Promise<RestartRecord | undefined> {
    const { logger } = this.#seams;
    if (this.#phase === 'stopping' || this.#phase === 'stopped') {
      logger.warn('restart ignored: the pool is stopping');
      return Promise.resolve(undefined);
    }
    if (this.#phase !== 'running' || this.#restarting) {
      this.#restartPending = true;
      logger.info('restart queued');
      return Promise.resolve(undefined);
    }
    this.#restartPending = false;
    this.#restarting = rollingRestart(this, (record) => {
      this.#lastRestart = record;
      this.publish();
    }).finally(() => {
      this.#restarting = undefined;
      if (this.#restartPending) void this.restart();
    });
    return this.#restarting;
  }

  /** Drains every worker (bounded by the drain timeout). A second call kills them at once. */
  stop(): Promise<void> {
    if (this.#stopping) {
      this.#seams.logger.warn('stop requested again: killing the workers now');
      for (const handle of this.#live) handle.process.kill('SIGKILL');
      return this.#stopping;
    }
    this.#phase = 'stopping';
    clearInterval(this.#statsTimer);
    for (const slot of this.#slots) this.cancelRespawn(slot);
    this.#seams.logger.info(`stopping ${this.#live.size} workers`);
    this.publish();
    this.#stopping = Promise.all([...this.#live].map((handle) => this.drain(handle))).then(() => {
      this.#phase = 'stopped';
      this.#seams.logger.info('all workers stopped');
      this.publish();
      this.#markStopped();
    });
    return this.#stopping;
  }

  snapshot(): PoolSnapshot {
    return takeSnapshot(
      {
        phase: this.#phase,
        plan: this.plan,
        startedAt: this.startedAt,
        slots: this.#slots,
        live: this.#live,
        lastRestart: this.#lastRestart,
      },
      Date.now(),
    );
  }

  // For the rolling restart and respawns ---------------------------------------

  spawn(slot: Place): WorkerHandle {
    const startedAt = Date.now(); // before spawning: compiling the worker, if it must be, is part of its boot
    const process = this.#seams.spawnWorker({
      slot: slot.index,
      name: slot.name,
      address: slot.address,
      transport: this.plan.transport,
    });
    const handle = new WorkerHandle({
      slot: slot.index,
      name: slot.name,
      address: slot.address,
      process,
      startedAt,
      backoff: slot.backoff,
    });
    this.#live.add(handle);
    const bootTimer = setTimeout(() => {
      if (handle.state !== 'booting') return;
      handle.noteFailure(`not ready within ${this.plan.bootTimeoutMs / 1000} s`);
      this.#seams.logger.error(`${handle.label} is not ready within ${this.plan.bootTimeoutMs / 1000} s: killing it`);
      process.kill('SIGKILL');
    }, this.plan.bootTimeoutMs);
    process.onMessage((message) => this.#onMessage(handle, message));
    process.onExit((code, signal) => {
      clearTimeout(bootTimer);
      this.#onExit(handle, code, signal);
    });
    this.#seams.logger.info({ workerPid: handle.pid }, `spawned ${handle.label}`);
    return handle;
  }

  async drain(handle: WorkerHandle): Promise<void> {
    if (handle.state === 'dead') return;
    if (handle.state !== 'draining') {
      const booting = handle.state === 'booting';
      handle.markDraining();
      // A booting worker serves nothing yet and may not be listening for messages.
      if (booting) handle.process.kill('SIGTERM');
      else handle.process.send({ type: 'drain', timeoutMs: this.plan.drainTimeoutMs });
      const killer = setTimeout(() => {
        this.#seams.logger.warn(
          `${handle.label} did not exit ${this.plan.drainTimeoutMs / 1000} s after drain: killing it`,
        );
        handle.process.kill('SIGKILL');
      }, this.plan.drainTimeoutMs + KILL_GRACE_MS);
      void handle.exited.then(() => clearTimeout(killer));
      this.publish();
    }
    await handle.exited;
  }

  cancelRespawn(slot: Slot): void {
    clearTimeout(slot.respawn?.timer);
    slot.respawn = undefined;
  }

  get logger(): Logger {
    return this.#seams.logger;
  }

  publish(): void {
    this.#seams.publish?.(this.snapshot());
  }

  // Events ---------------------------------------------------------------------

  #onMessage(handle: WorkerHandle, message: WorkerMessage): void {
    const now = Date.now();
    if (message.type === 'ready') {
      if (handle.markReady(now)) {
        this.#seams.logger.info(`${handle.label} ready on ${formatAddress(handle.address)}`);
        handle.process.send({ type: 'report' }); // so status has numbers at once
      }
    } else if (message.type === 'failed') {
      handle.noteFailure(message.message);
    } else if (message.type === 'metrics' || message.type === 'tally') {
      return this.#questions.answer(message.id, message);
    } else if (message.type === 'pool-metrics') {
      return this.#seams.onPoolMetrics?.(handle, message.id);
    } else {
      handle.noteStats(message, now);
      const slot = this.#slots[handle.slot];
      if (slot?.current === handle) settleIfHealthy(this, slot, now);
    }
    this.publish();
  }

  #onExit(handle: WorkerHandle, code: number | null, signal: NodeJS.Signals | null): void {
    const now = Date.now();
    this.#live.delete(handle);
    const before = handle.markDead({ code, signal, at: now });
    const { logger } = this.#seams;
    const slot = this.#slots[handle.slot];
    if (before === 'draining') {
      const clean = code === 0 && signal === null;
      logger[clean ? 'info' : 'warn'](
        `${handle.label} ${clean ? 'exited after draining' : `${handle.describeExit()} while draining`}`,
      );
    } else if (this.#phase !== 'running' || !slot || slot.current !== handle) {
      // Boot failures during start or of a restart's replacement: their waiters report them.
      logger.error(`${handle.label} ${handle.describeExit()}`);
    } else {
      this.#deaths += 1;
      respawnLater(this, slot, handle, now);
    }
    this.publish();
  }

  #collectStats(): void {
    for (const handle of this.#live)
      if (handle.state === 'ready' || handle.state === 'draining') handle.process.send({ type: 'report' });
    this.publish(); // advances updatedAt, so status can tell a stale file
  }
}
