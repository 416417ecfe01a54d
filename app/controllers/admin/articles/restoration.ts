/** PLACEHOLDER (helper "micropub" builds it). */
import type { Request, Response } from 'express';

export function create(req: Request, res: Response) {
  void req;
  res.status(501).type('text').send('Not built yet.');
}
