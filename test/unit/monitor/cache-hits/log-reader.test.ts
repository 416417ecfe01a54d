import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { appendFileSync, mkdirSync, mkdtempSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openCacheHitLog, type CacheHitLog } from '#app/monitor/cache-hits/log-reader.ts';
import { capturedLog } from '#test/support/log.ts';

let dir: string;
let file: string;
const logs: CacheHitLog[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'folio-cache-hits-'));
  file = path.join(dir, 'cache-hits.log');
});
afterEach(() => {
  for (const log of logs.splice(0)) log.close();
  rmSync(dir, { recursive: true, force: true });
});

function open() {
  const captured = capturedLog();
  const log = openCacheHitLog(file, { baseUrl: 'https://blog.test', logger: captured.logger });
  logs.push(log);
  return { log, captured };
}

const line = (status: number, request: string, referer = '-') =>
  `2025-03-02T10:15:00+0100 ${status} "${request}" "${referer}"\n`;

describe('the cache-hit log reader', () => {
  it('counts hits, article reads by path, and referring sites, since the last read', async () => {
    writeFileSync(file, line(200, 'GET /2025/03/01/old HTTP/1.1'));
    const { log } = open();
    appendFileSync(
      file,
      [
        line(200, 'GET /2025/03/01/hello HTTP/1.1', 'https://news.example/item?id=1'),
        line(200, 'GET /2025/03/01/hello HTTP/1.1', 'https://blog.test/'),
        line(200, 'GET /2025/3/1/short HTTP/1.1', 'http://WWW.Search.example/?q=folio'),
        // Not reads: HEAD, a 304, archives, the home page, a feed.
        line(200, 'HEAD /2025/03/01/hello HTTP/1.1'),
        line(304, 'GET /2025/03/01/hello HTTP/1.1'),
        line(200, 'GET /2025/03/page/2 HTTP/1.1'),
        line(200, 'GET /2025/03/01 HTTP/1.1'),
        line(200, 'GET / HTTP/1.1', 'https://news.example/'),
        line(200, 'GET /articles.atom HTTP/1.1', 'android-app://com.reader'),
      ].join(''),
    );
    expect(await log.read()).toEqual({
      hits: 9,
      reads: { '/2025/03/01/hello': 2, '/2025/3/1/short': 1 },
      referrers: { 'news.example': 2, 'www.search.example': 1 },
    });
    expect(await log.read()).toEqual({ hits: 0, reads: {}, referrers: {} });
  });

  it('skips garbage, says so, and counts the lines around it', async () => {
    writeFileSync(file, '');
    const { log, captured } = open();
    appendFileSync(file, `${line(200, 'GET / HTTP/1.1')}some garbage\n\0\0\0\n${line(200, 'GET / HTTP/1.1')}`);
    expect((await log.read()).hits).toBe(2);
    expect(captured.lines.find((entry) => entry.msg?.startsWith('skipped lines'))).toMatchObject({ lines: 2 });
  });

  it('counts nothing and fails nothing while the web server writes no log, then counts it from its start', async () => {
    const { log, captured } = open();
    expect(await log.read()).toEqual({ hits: 0, reads: {}, referrers: {} });
    writeFileSync(file, line(200, 'GET / HTTP/1.1'));
    expect((await log.read()).hits).toBe(1);
    expect(captured.lines.filter((entry) => entry.level >= 40)).toEqual([]);
  });

  it('serves reads one at a time, so two at once count each line once', async () => {
    writeFileSync(file, '');
    const { log } = open();
    appendFileSync(file, line(200, 'GET / HTTP/1.1').repeat(50));
    const [a, b] = await Promise.all([log.read(), log.read()]);
    expect(a.hits + b.hits).toBe(50);
  });

  it('logs a log it cannot read once, however many reads fail, and goes on when it can again', async () => {
    // A directory where the log should be: opened, but every read fails (EISDIR), even as root.
    mkdirSync(file);
    const { log, captured } = open();
    expect((await log.read()).hits).toBe(0);
    expect((await log.read()).hits).toBe(0);
    expect(captured.lines.filter((entry) => entry.msg === 'the cache-hit log could not be read')).toHaveLength(1);
    rmdirSync(file);
    writeFileSync(file, line(200, 'GET / HTTP/1.1'));
    expect((await log.read()).hits).toBe(1);
  });

  it('reads nothing once closed', async () => {
    writeFileSync(file, '');
    const { log } = open();
    appendFileSync(file, line(200, 'GET / HTTP/1.1'));
    log.close();
    expect((await log.read()).hits).toBe(0);
  });
});
