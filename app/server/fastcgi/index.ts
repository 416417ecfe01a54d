/**
 * Folio's FastCGI 1.0 responder, for workers behind Apache's mod_proxy_fcgi
 * (`enablereuse=on`), lighttpd or mod_fcgid.
 *
 * Each FastCGI request becomes a genuine Node `IncomingMessage` /
 * `ServerResponse`: the request is rebuilt as HTTP/1.x bytes for Node's own
 * parser on a per-request Duplex (`server.emit('connection', duplex)`, a
 * documented API), and the response Node writes is turned into a CGI response
 * on FCGI_STDOUT. The app never knows its transport.
 *
 * From the CGI params:
 * - method REQUEST_METHOD; url REQUEST_URI, else SCRIPT_NAME + PATH_INFO + '?' + QUERY_STRING;
 *   httpVersion SERVER_PROTOCOL (1.0, 1.1 or 2.0; others read as 1.1).
 * - headers from HTTP_* (HTTP_ACCEPT_LANGUAGE → accept-language), CONTENT_TYPE, CONTENT_LENGTH;
 *   hop-by-hop ones (Connection, Upgrade, Transfer-Encoding, ...) are dropped, and so are the
 *   client's forwarding claims (Forwarded, X-Forwarded-*, X-Real-IP). A body without
 *   CONTENT_LENGTH (a chunked upload) reaches the app with `transfer-encoding: chunked`.
 * - `req.socket.remoteAddress`/`remotePort` are REMOTE_ADDR/REMOTE_PORT (with `trustProxy`, the default),
 *   so Express's `req.ip` is the client without any `trust proxy` setting.
 * - `req.socket.encrypted` is true when HTTPS=on (or REQUEST_SCHEME=https), so Express's
 *   `req.secure` is true and `req.protocol` is 'https' without `trust proxy`. No
 *   X-Forwarded-Proto header is invented.
 *
 * The response goes out as `Status: <code> <reason>`, the end-to-end headers, and the
 * body (chunked bodies decoded); Connection, Keep-Alive and Transfer-Encoding never reach
 * the web server, which frames the body for its client itself.
 */
export { createFastcgiServer, type FastcgiServer } from '#app/server/fastcgi/server.ts';
export type { FastcgiOptions, FastcgiLogEvent } from '#app/server/fastcgi/options.ts';
export { FastcgiSocket } from '#app/server/fastcgi/request-socket.ts';
export * from '#app/server/fastcgi/protocol.ts';
