/** PLACEHOLDER (helper "xmlrpc" builds it). */
import type { Request, Response } from 'express';

export function explain(req: Request, res: Response) {
  void req;
  res.status(501).type('text').send('Not built yet.');
}

export function call(req: Request, res: Response) {
  void req;
  res.status(501).type('text').send('Not built yet.');
}
