/** PLACEHOLDER (helper "app-passwords" builds it). */
import type { Request, Response } from 'express';

export function index(req: Request, res: Response) {
  void req;
  res.status(501).type('text').send('Not built yet.');
}

export function create(req: Request, res: Response) {
  void req;
  res.status(501).type('text').send('Not built yet.');
}

export function destroy(req: Request, res: Response) {
  void req;
  res.status(501).type('text').send('Not built yet.');
}
