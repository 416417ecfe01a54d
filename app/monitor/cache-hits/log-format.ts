/**
 * The cache-hit log: one line per request the web server answered from the
 * page cache, without a worker. The generated Apache and nginx sites write it
 * (app/commands/config-web-server.ts); the supervisor reads it (log-reader.ts).
 *
 * A line holds no client address and no cookie, only:
 *
 *     <time> <status> "<request line>" "<Referer>"
 *     2025-03-02T10:15:00+0100 200 "GET /2025/03/01/hello HTTP/1.1" "https://news.example/item?id=1"
 *
 * Both servers escape a quoted value the same way: a `"` or `\` inside it is
 * escaped (Apache: \" and \\, nginx: \x22 and \x5C), and so is every byte
 * outside printable ASCII (\xHH, Apache also \n, \t...). A quote that is not
 * escaped therefore always ends the value, and parsing is unambiguous. A
 * missing Referer is "-". The request line is as the client sent it, so its
 * path is the raw one Express routes on too.
 */

/** Apache's CustomLog format (mod_log_config escapes %r and %{...}i). */
export const apacheCacheHitFormat = '%{%Y-%m-%dT%H:%M:%S%z}t %>s "%r" "%{Referer}i"';

/** nginx's log_format (escape=default: ", \ and bytes outside 32..126 as \xHH). */
export const nginxCacheHitFormat = '$time_iso8601 $status "$request" "$http_referer"';

/** The variable the page cache's rewrite rules set (Apache [E=...]), which the CustomLog is conditional on. */
export const apacheCacheHitVariable = 'folio_cache_hit';
