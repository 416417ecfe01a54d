/**
 * The yardsticks measured in the same run, so every figure is a ratio that
 * holds on a noisy machine: a raw node:http server, a minimal Express 5 +
 * EJS page, each answering a page of the same size as Folio's.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import ejs from 'ejs';

export interface Baseline {
  url: string;
  close(): Promise<void>;
}

/** node:http answering a fixed page: the ceiling for any Node server here. */
export async function rawNodeServer(page: string): Promise<Baseline> {
  const body = Buffer.from(page);
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.length });
    res.end(body);
  });
  return listen(server);
}

/** Express 5 rendering a small EJS template (strict, no `with`) of the same size. */
export async function expressEjsServer(page: string): Promise<Baseline> {
  const paragraphs = page.match(/.{1,400}/gs) ?? [page];
  const template = ejs.compile('<!doctype html><html><head><title><%= locals.title %></title></head><body><% for (const p of locals.paragraphs) { %><p><%= p %></p><% } %></body></html>', { _with: false, strict: true });
  const app = express();
  app.set('etag', false);
  app.get('/', (_req, res) => {
    res.type('html').send(template({ title: 'Baseline', paragraphs }));
  });
  return listen(http.createServer(app));
}

function listen(server: http.Server): Promise<Baseline> {
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise((done) => { server.closeAllConnections(); server.close(() => done()); }),
  })));
}
