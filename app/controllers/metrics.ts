/** GET /metrics: the pool's (or this process's) metrics in the Prometheus text format, never cached. */
import type { Request, Response } from 'express';
import { appContext } from '#app/context.ts';

export async function show(req: Request, res: Response): Promise<void> {
  const metrics = appContext(req).metrics!;
  const text = await metrics.expose();
  res.setHeader('Cache-Control', 'no-store');
  res.type(metrics.registry.contentType).send(text);
}
