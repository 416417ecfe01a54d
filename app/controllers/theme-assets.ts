import type { Request, Response } from 'express';
import path from 'node:path';
import { appContext } from '#app/context.ts';
import { notFound } from '#app/middleware/http-errors.ts';

/**
 * GET /themes/:theme/assets/*file. The theme name is looked up among the
 * installed themes, never joined into a path; `send` refuses `..` under
 * root. Asset URLs carry a version, so they may be cached for a year.
 */
export function show(req: Request, res: Response) {
  const theme = appContext(req).themes.get(String(req.params.theme));
  if (!theme) throw notFound('There is no such theme.');
  const file = (req.params.file as unknown as string[]).join('/');
  res.sendFile(
    file,
    { root: path.join(theme.dir, 'assets'), maxAge: '365d', immutable: true, dotfiles: 'deny' },
    (error) => {
      if (error && !res.headersSent) res.status(404).type('text/plain').send('No such asset.');
    },
  );
}
