/**
 * Every error ends here and becomes a themed page with a clear message.
 * Client errors say what was wrong; a database that is busy or down is a 503
 * with Retry-After (a warning: it passes by itself); anything else is logged
 * and shown as a plain 500 without details.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { appContext } from '#app/context.ts';
import { renderPage } from '#app/themes/page.ts';
import { renderAdmin } from '#app/controllers/concerns/admin-page.ts';
import { NotFoundError, ValidationError } from '#app/models/validation.ts';
import { databaseRetryAfterSeconds, databaseUnavailability, isDatabaseUnavailable } from '#app/database/errors.ts';
import { appRoot } from '#app/root.ts';
import { HttpError, notFound } from '#app/middleware/http-errors.ts';

export const unknownRoute: RequestHandler = (_req, _res, next) => next(notFound());

const titles: Record<number, string> = {
  400: 'Bad request',
  401: 'Please sign in',
  403: 'Not allowed',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Not now',
  413: 'Too large',
  414: 'Address too long',
  415: 'Unsupported type',
  422: 'Please check your input',
  429: 'Slow down',
  500: 'Something went wrong',
  503: 'Back in a moment',
};

export const renderError: ErrorRequestHandler = async (error, req, res, _next) => {
  const { status, message, headers } = describe(error);
  const unavailable = databaseUnavailability(error);
  if (status >= 500) appContext(req).metrics?.errors.inc();
  if (unavailable)
    appContext(req).logger.warn({ reqId: req.id, path: req.path, err: error }, `database ${unavailable}`);
  else if (status >= 500) appContext(req).logger.error({ err: error, reqId: req.id, path: req.path }, 'request failed');
  if (res.headersSent) return void res.end();
  res.removeHeader('Last-Modified');
  res.set(headers);
  const requestId = req.id ?? '';
  // Scripts (autosave, uploads) ask for JSON and get the same message as JSON.
  if (req.accepts(['html', 'json']) === 'json') return void res.status(status).json({ error: message });
  try {
    if (req.originalUrl.startsWith('/admin')) {
      return await renderAdmin(
        req,
        res,
        'error',
        { errorTitle: titles[status] ?? 'Error', message, requestId },
        { status, title: titles[status] ?? 'Error' },
      );
    }
    await renderPage(
      req,
      res,
      'error',
      { error: { status, title: titles[status] ?? 'Error', message, requestId } },
      { status, title: titles[status] ?? 'Error' },
    );
  } catch (renderFailure) {
    // A process that has not yet read the settings cannot theme the page while the database is down.
    if (isDatabaseUnavailable(renderFailure))
      appContext(req).logger.warn({ err: renderFailure }, 'error page shown unthemed: the database is unavailable');
    else appContext(req).logger.error({ err: renderFailure }, 'error page failed to render');
    res.status(status).type('html').send(staticErrorPage(status));
  }
};

interface ErrorDescription {
  status: number;
  message: string;
  headers?: Record<string, string>;
}

function describe(error: unknown): ErrorDescription {
  if (error instanceof HttpError) return { status: error.status, message: error.message, headers: error.headers };
  const unavailable = databaseUnavailability(error);
  if (unavailable) {
    return {
      status: 503,
      // Busy means the write never ran; a connection cut off may have committed, so that is not promised.
      message:
        unavailable === 'busy'
          ? 'The blog is busy right now and nothing was changed. Please try again in a few seconds.'
          : 'The blog cannot reach its database right now. Please try again in a few seconds.',
      headers: { 'Retry-After': String(databaseRetryAfterSeconds) },
    };
  }
  if (error instanceof NotFoundError) return { status: 404, message: error.message };
  if (error instanceof ValidationError) return { status: 422, message: error.message };
  if (error instanceof URIError) return { status: 400, message: 'The address contains malformed percent-encoding.' };
  const e = error as { status?: unknown; statusCode?: unknown; type?: string; expose?: boolean; message?: string };
  const status = Number(e.status ?? e.statusCode);
  if (status >= 400 && status < 500) {
    if (e.type === 'entity.too.large')
      return { status: 413, message: 'What you sent is larger than this blog accepts.' };
    if (status === 400 && /decode param/i.test(e.message ?? ''))
      return { status: 400, message: 'The address contains malformed percent-encoding.' };
    return {
      status,
      message: e.expose && e.message ? e.message : (titles[status] ?? 'The request could not be handled.'),
    };
  }
  return { status: 500, message: 'Something went wrong on our side. It has been logged; please try again later.' };
}

const publicDir = path.join(appRoot, 'public');
function staticErrorPage(status: number): string {
  try {
    return readFileSync(path.join(publicDir, status === 404 ? '404.html' : '500.html'), 'utf8');
  } catch {
    return `<!doctype html><title>Error ${status}</title><h1>Error ${status}</h1>`;
  }
}
