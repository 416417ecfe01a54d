/** A real pino logger whose lines are kept in memory, for tests that assert what was logged. */
import { pino } from 'pino';

export type LogLine = Record<string, unknown> & { msg?: string; level: number };

export function capturedLog() {
  const lines: LogLine[] = [];
  // pino writes each line synchronously to any object with write().
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
  return {
    logger,
    lines,
    /** The security events named `event`, oldest first. */
    events: (event: string) => lines.filter((line) => line.event === event),
    /** Request log lines. */
    requests: () => lines.filter((line) => line.msg === 'request'),
    /** Lines logged as errors (level 50 and above). */
    errors: () => lines.filter((line) => line.level >= 50),
  };
}
