/** PLACEHOLDER (helper "micropub" builds it). */
import type { Request, Response } from 'express';

export function query(req: Request, res: Response) {
  void req;
  res.status(501).type('text').send('Not built yet.');
}

export function post(req: Request, res: Response) {
  void req;
  res.status(501).type('text').send('Not built yet.');
}
