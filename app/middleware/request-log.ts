/**
 * Gives every request an id (on `req.id`, in the X-Request-Id response
 * header, on error pages and in every log line about it), and writes one
 * structured log line per request: method, path, status, duration (the
 * logger adds pid and worker). The id is always made here: a client-sent
 * X-Request-Id is not trusted, so an attacker cannot forge log correlation.
 * Query values that look like secrets (CSRF tokens, passwords) are never
 * written to the log.
 */
import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

declare module 'express-serve-static-core' {
  interface Request {
    /** This request's id, for logs and error pages. */
    id: string;
  }
}

const maxLoggedPath = 300;

export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    req.id = newRequestId();
    res.setHeader('X-Request-Id', req.id);
    res.once('finish', () => {
      const logged = loggablePath(req.originalUrl);
      logger.info(
        {
          reqId: req.id,
          method: req.method,
          path: logged.length > maxLoggedPath ? `${logged.slice(0, maxLoggedPath)}…` : logged,
          status: res.statusCode,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
        },
        'request',
      );
    });
    next();
  };
}

/** 12 random bytes, base64url: unguessable and short enough to read out from an error page. */
function newRequestId(): string {
  return randomBytes(12).toString('base64url');
}

/** Query parameters whose values are secrets wherever they appear. */
const secretParam = /^_?(csrf|token|.*_token|password|passwd|secret|key|api_?key|signature|sig|session|sid)$/i;

/** The URL as logged: values of secret-looking query parameters replaced by "[redacted]". */
export function loggablePath(url: string): string {
  const mark = url.indexOf('?');
  if (mark < 0) return url;
  const query = url
    .slice(mark + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        /* a malformed name is logged as sent */
      }
      return eq >= 0 && secretParam.test(decoded) ? `${name}=[redacted]` : pair;
    });
  return `${url.slice(0, mark)}?${query.join('&')}`;
}
