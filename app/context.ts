/** What the app is built with, reachable from any request: config, themes, renderer, clock, metrics. */
import type { Request } from 'express';
import type { Config } from '#config/environment.ts';
import type { ThemeRegistry } from '#app/themes/registry.ts';
import type { Renderer } from '#app/themes/render.ts';
import type { Logger } from 'pino';
import type { Clock } from '#app/clock.ts';
import type { ProcessMetrics } from '#app/monitor/metrics/registry.ts';

export interface AppContext {
  config: Config;
  themes: ThemeRegistry;
  renderer: Renderer;
  logger: Logger;
  clock: Clock;
  /** This process's metrics; undefined when FOLIO_METRICS=off. */
  metrics?: ProcessMetrics | undefined;
}

export function appContext(req: Request): AppContext {
  return req.app.locals.folio as AppContext;
}
