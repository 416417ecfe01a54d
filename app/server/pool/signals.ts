/**
 * Signals, as one table per role: signal → the action it asks for. Nothing
 * else in the pool calls `process.on('SIG…')`.
 */

export type SupervisorAction = 'stop' | 'restart';
export type WorkerAction = 'drain' | 'ignore';

/** The supervisor: TERM/INT stop gracefully (a second one kills), USR2/HUP roll the workers. */
export const supervisorSignals = Object.freeze({
  SIGTERM: 'stop',
  SIGINT: 'stop',
  SIGUSR2: 'restart',
  SIGHUP: 'restart',
} as const satisfies Partial<Record<NodeJS.Signals, SupervisorAction>>);

/**
 * A worker: the supervisor coordinates shutdown and restarts, so a
 * terminal's Ctrl-C or hang-up that reaches the whole process group is
 * ignored. SIGTERM (systemd stopping the unit's cgroup, or the supervisor
 * stopping a worker that is still booting) drains and exits.
 */
export const workerSignals = Object.freeze({
  SIGTERM: 'drain',
  SIGINT: 'ignore',
  SIGHUP: 'ignore',
  SIGUSR2: 'ignore',
} as const satisfies Partial<Record<NodeJS.Signals, WorkerAction>>);

/** Where signals come from: `process`, or an EventEmitter in tests. */
export interface SignalSource {
  on(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  off(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
}

/** Routes each signal in `table` to its action; returns a function that removes the handlers. */
export function handleSignals<A extends string>(
  source: SignalSource,
  table: Readonly<Partial<Record<NodeJS.Signals, A>>>,
  actions: Readonly<Record<A, (signal: NodeJS.Signals) => void>>,
): () => void {
  const installed = Object.entries(table).map(([signal, action]) => {
    const listener = () => actions[action](signal as NodeJS.Signals);
    source.on(signal as NodeJS.Signals, listener);
    return [signal as NodeJS.Signals, listener] as const;
  });
  return () => {
    for (const [signal, listener] of installed) source.off(signal, listener);
  };
}
