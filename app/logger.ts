/** The process's logger: JSON lines on stdout (pino), one per event. */
import { pino, type Logger } from 'pino';
import type { Config } from '#config/environment.ts';

export function createLogger(config: Pick<Config, 'logLevel' | 'workerName'>): Logger {
  return pino({ level: config.logLevel, base: { pid: process.pid, worker: config.workerName } });
}
