/** PLACEHOLDER (helper "app-passwords" builds it). */
import type { Request, Response } from 'express';

export function authorization(req: Request, res: Response) {
  void req;
  res.status(501).type('text').send('Not built yet.');
}

export function redeem(req: Request, res: Response) {
  void req;
  res.status(501).type('text').send('Not built yet.');
}

export function approve(req: Request, res: Response) {
  void req;
  res.status(501).type('text').send('Not built yet.');
}
