/**
 * Refuses text no page can mean: NUL characters and lone UTF-16 surrogates
 * (a JSON "\ud800"). Stored, a NUL truncates text in C tools and a lone
 * surrogate becomes invalid UTF-8 in the database. Checked at the edge with
 * a 400: the address and its query (`refuseInvalidAddress`, before routing),
 * and every parsed body (`refuseInvalidBody`, after each body parser:
 * urlencoded, JSON, multipart fields and file names).
 */
import type { Request, RequestHandler } from 'express';
import { HttpError } from '#app/middleware/http-errors.ts';
import { securityEvent } from '#app/middleware/security-events.ts';

export const refuseInvalidAddress: RequestHandler = (req, _res, next) => {
  let path: string;
  try {
    path = decodeURIComponent(req.path);
  } catch {
    return next(); // malformed percent-encoding: the router answers 400 for it
  }
  if (!isValidText(path)) return next(refusal(req, 'address'));
  if (!allTextValid(req.query)) return next(refusal(req, 'query'));
  next();
};

export const refuseInvalidBody: RequestHandler = (req, _res, next) => {
  const fileNames = Array.isArray(req.files) ? req.files.map((file) => file.originalname) : [];
  if (!allTextValid(req.body) || !allTextValid(fileNames)) return next(refusal(req, 'body'));
  next();
};

function refusal(req: Request, where: string): HttpError {
  securityEvent(req, 'input.refused', { where });
  return new HttpError(
    400,
    `The ${where === 'body' ? 'form' : 'address'} contains characters that cannot be stored (a NUL character or broken Unicode). Remove them and try again.`,
  );
}

const maxDepth = 32;

/** Every string in a parsed value (keys included) is well-formed text. */
function allTextValid(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return isValidText(value);
  if (value === null || typeof value !== 'object') return true;
  if (depth > maxDepth) return false;
  if (Array.isArray(value)) return value.every((item) => allTextValid(item, depth + 1));
  return Object.entries(value).every(([key, item]) => isValidText(key) && allTextValid(item, depth + 1));
}

/** With the u flag, \p{Cs} matches only surrogates that are not part of a pair. */
function isValidText(text: string): boolean {
  return !/[\0\p{Cs}]/u.test(text);
}
