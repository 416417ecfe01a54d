import { describe, it, expect } from 'vitest';
import { EventEmitter } from 'node:events';
import { handleSignals, supervisorSignals, workerSignals } from '#app/server/pool/signals.ts';

describe('the signal tables', () => {
  it('map TERM/INT to stop and USR2/HUP to a rolling restart in the supervisor', () => {
    expect(supervisorSignals).toEqual({ SIGTERM: 'stop', SIGINT: 'stop', SIGUSR2: 'restart', SIGHUP: 'restart' });
  });

  it('let a worker drain on TERM and ignore what a terminal sends the whole group', () => {
    expect(workerSignals).toEqual({ SIGTERM: 'drain', SIGINT: 'ignore', SIGHUP: 'ignore', SIGUSR2: 'ignore' });
  });

  it('route each signal to its action until removed', () => {
    const source = new EventEmitter();
    const calls: string[] = [];
    const remove = handleSignals(source, supervisorSignals, {
      stop: (signal) => calls.push(`stop ${signal}`),
      restart: (signal) => calls.push(`restart ${signal}`),
    });
    for (const signal of ['SIGHUP', 'SIGUSR2', 'SIGINT', 'SIGTERM', 'SIGUSR1']) source.emit(signal, signal);
    expect(calls).toEqual(['restart SIGHUP', 'restart SIGUSR2', 'stop SIGINT', 'stop SIGTERM']);
    remove();
    expect(source.eventNames()).toEqual([]);
  });
});
