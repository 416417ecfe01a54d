/** PLACEHOLDER (helper "app-passwords" builds it). */
import type { Request, Response } from 'express';

export function metadata(req: Request, res: Response) {
  void req;
  res.status(501).type('text').send('Not built yet.');
}

export function token(req: Request, res: Response) {
  void req;
  res.status(501).type('text').send('Not built yet.');
}

export function tokenInfo(req: Request, res: Response) {
  void req;
  res.status(501).type('text').send('Not built yet.');
}

export function revocation(req: Request, res: Response) {
  void req;
  res.status(501).type('text').send('Not built yet.');
}
