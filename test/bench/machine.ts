/**
 * The machine the figures come from, printed with them and kept in the
 * results: a ratio holds on a noisy machine, but a reader still needs to know
 * how noisy it was (the load average before the run) and on what.
 */
import os from 'node:os';
import { toolVersions } from '#test/bench/prerequisites.ts';

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  node: string;
  wrk?: string;
  apache?: string;
  /** 1, 5 and 15 minute load averages as the run started. */
  loadBefore: [number, number, number];
  /** The same as it ended: a load that rose during the run came from elsewhere or from the bench itself. */
  loadAfter?: [number, number, number];
}

export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    ...toolVersions(),
    loadBefore: loadAverage(),
  };
}

export function loadAverage(): [number, number, number] {
  const [one = NaN, five = NaN, fifteen = NaN] = os.loadavg();
  return [one, five, fifteen];
}

export function machineLines(machine: Machine): string[] {
  const load = (l: [number, number, number]) => l.map((x) => x.toFixed(2)).join(' / ');
  const busy = machine.loadBefore[0] > machine.cores / 2;
  return [
    `machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGb} GiB; Node ${machine.node}; ${machine.wrk ?? 'wrk ?'}${machine.apache ? `; ${machine.apache}` : ''}`,
    `load average (1 / 5 / 15 min): ${load(machine.loadBefore)} before the run${machine.loadAfter ? `, ${load(machine.loadAfter)} after` : ''}`,
    ...(busy
      ? [
          `note: the machine was busy before the run started (load ${machine.loadBefore[0].toFixed(1)} on ${machine.cores} cores): expect wide spreads and inconclusive targets`,
        ]
      : []),
  ];
}
