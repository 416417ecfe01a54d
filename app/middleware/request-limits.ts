/** Refuses what no page needs before any work is done. */
import type { RequestHandler } from 'express';
import { HttpError } from '#app/middleware/http-errors.ts';

export const maxUrlLength = 2048;

export const requestLimits: RequestHandler = (req, _res, next) => {
  if (req.url.length > maxUrlLength)
    return next(new HttpError(414, `The address is longer than ${maxUrlLength} characters.`));
  next();
};
