/**
 * The yardsticks, measured interleaved with the pages they are compared
 * with (interleave.ts), so every figure is a ratio that holds on a noisy
 * machine: a raw node:http server answering Folio's own home page, and a
 * minimal Express 5 + EJS app rendering a page of the same size. Apache
 * serving that home page as a static file runs in the Apache of shape (d)
 * (web.ts). Ghost's figures are the only constants.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { removeLater } from '#test/bench/cleanup.ts';

/** Ghost 5.130 with wrk -t2 -c32 on the development machine: reference constants, not measured here. */
export const ghostReference = {
  home: 19,
  post: 48,
  label: 'Ghost 5.130, measured once on the development machine (constant)',
} as const;

export type BaselineName = 'expressEjs' | 'rawNode' | 'apacheStatic';

export const baselineLabels: Record<BaselineName, string> = {
  expressEjs: 'Express+EJS',
  rawNode: 'node:http',
  apacheStatic: 'Apache static',
};

export interface Baseline {
  url: string;
  /** Bytes of the body it answers. */
  bytes: number;
  close(): Promise<void>;
}

/** node:http answering a fixed page (Folio's own home page, as bytes): the ceiling for any Node server here. */
export async function rawNodeServer(body: Buffer): Promise<Baseline> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.length });
    res.end(body);
  });
  return listen(server, body.length);
}

/**
 * The smallest real Express 5 app with an EJS view: `res.render` of a
 * template that loops over paragraphs, views cached as in production,
 * Express's defaults otherwise (ETag included). The paragraphs are sized so
 * the rendered page has exactly `bytes` bytes.
 */
export async function expressEjsServer(bytes: number): Promise<Baseline> {
  const views = mkdtempSync(path.join(tmpdir(), 'folio-bench-views-'));
  const removeViews = removeLater(views);
  writeFileSync(
    path.join(views, 'page.ejs'),
    '<!doctype html>\n<html><head><title><%= title %></title></head>\n<body><% for (const p of paragraphs) { %><p><%= p %></p><% } %></body></html>\n',
  );
  const app = express();
  app.set('views', views);
  app.set('view engine', 'ejs');
  app.set('view cache', true);
  const page = (paragraphs: string[]) =>
    `<!doctype html>\n<html><head><title>Baseline</title></head>\n<body>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</body></html>\n`;
  const locals = {
    title: 'Baseline',
    paragraphs: paragraphsFilling(bytes, (paragraphs) => Buffer.byteLength(page(paragraphs))),
  };
  app.get('/', (_req, res) => res.render('page', locals));
  const baseline = await listen(http.createServer(app), bytes);
  return {
    ...baseline,
    close: async () => {
      await baseline.close();
      await removeViews();
    },
  };
}

const sentence = 'Most of the work in a blog engine is in the reading, so do the expensive part once, at save time. ';

/** Paragraphs of plain text (nothing to escape) whose page, as `size` measures it, is exactly `bytes` long when possible. */
function paragraphsFilling(bytes: number, size: (paragraphs: string[]) => number): string[] {
  const paragraphs: string[] = [];
  const paragraph = sentence.repeat(4).trim();
  while (size([...paragraphs, paragraph]) <= bytes) paragraphs.push(paragraph);
  const rest = bytes - size([...paragraphs, '']);
  if (rest > 0) paragraphs.push('x'.repeat(rest));
  return paragraphs;
}

function listen(server: http.Server, bytes: number): Promise<Baseline> {
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
        bytes,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      }),
    ),
  );
}
