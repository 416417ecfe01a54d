/** What the monitor's parts are given: the config, a logger, and the clock (a ManualClock in tests). */
import type { Logger } from 'pino';
import type { Config } from '#config/environment.ts';
import type { Clock } from '#app/clock.ts';

export interface MonitorContext {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock: Clock;
}
