/** Small helpers shared by the Apache and lighttpd harnesses. */
import http from 'node:http';
import https from 'node:https';
export { freePort } from '#test/support/ports.ts';
import { accepts } from '#test/support/ports.ts';
import { isAlive } from '#app/server/pool/state-file.ts';
export { isAlive };
import { waitFor } from '#test/support/wait-for.ts';

/** Resolves once something accepts connections on the port. */
export async function waitForPort(
  port: number,
  timeoutMs: number,
  diagnostics: () => string = () => '',
): Promise<void> {
  await waitFor(() => accepts(port), {
    timeout: timeoutMs,
    interval: 50,
    message: () => `something to listen on 127.0.0.1:${port}\n${diagnostics()}`,
  });
}

export interface LoadResult {
  ok: number;
  /** What failed: when its request was first sent, and when it failed (ms since the epoch). */
  failed: Array<{ path: string; reason: string; sentAt: number; at: number }>;
  /** Requests sent again after the server closed a kept-alive connection under them. */
  retried: number;
}

/** Load under way: its result once it ends, and events to wait on while it runs. */
export interface SteadyLoad extends Promise<LoadResult> {
  /** Resolves once `count` requests in all were answered 200 (or the load ended first). */
  answered(count: number): Promise<void>;
  /** Requests answered 200 so far. */
  readonly ok: number;
}

/**
 * Steady load: `concurrency` clients, each with its own kept-alive
 * connection, sending GETs for `paths` in turn until `total` requests were
 * sent or `stop()` says so. A request fails on a network error or a status
 * other than 200. Like a browser (RFC 9112, 9.3.1), a client sends a GET
 * again, once and on a new connection, when the server closed the kept-alive
 * connection before answering anything: that is how HTTP/1.1 keep-alive
 * races are meant to end.
 */
export function steadyLoad(
  baseUrl: string,
  paths: string[],
  options: { total: number; concurrency?: number; stop?: () => boolean },
): SteadyLoad {
  const { total, concurrency = 8 } = options;
  const result: LoadResult = { ok: 0, failed: [], retried: 0 };
  const waiters = new Set<{ count: number; resolve: () => void }>();
  let sent = 0;
  const client = async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      while (sent < total && !options.stop?.()) {
        const urlPath = paths[sent++ % paths.length]!;
        const sentAt = Date.now();
        let outcome = await getOnce(baseUrl + urlPath, agent);
        if (outcome === 'closed before answering') {
          result.retried += 1;
          outcome = await getOnce(baseUrl + urlPath, false);
        }
        if (outcome === 200) result.ok += 1;
        else
          result.failed.push({
            path: urlPath,
            reason: typeof outcome === 'number' ? `HTTP ${outcome}` : outcome,
            sentAt,
            at: Date.now(),
          });
        for (const waiter of waiters) {
          if (result.ok < waiter.count) continue;
          waiters.delete(waiter);
          waiter.resolve();
        }
      }
    } finally {
      agent.destroy();
    }
  };
  const run = Promise.all(Array.from({ length: concurrency }, client))
    .then(() => result)
    .finally(() => {
      for (const waiter of waiters) waiter.resolve();
      waiters.clear();
    });
  let ended = false;
  void run.then(
    () => (ended = true),
    () => (ended = true),
  );
  return Object.defineProperties(run as SteadyLoad, {
    answered: {
      value: (count: number) =>
        result.ok >= count || ended
          ? Promise.resolve()
          : new Promise<void>((resolve) => waiters.add({ count, resolve })),
    },
    ok: { get: () => result.ok },
  });
}

function getOnce(url: string, agent: http.Agent | false): Promise<number | string> {
  return new Promise((resolve) => {
    let answered = false;
    const request = http.get(url, { agent, timeout: 30_000 }, (res) => {
      answered = true;
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', (error) => resolve(`response cut: ${error.message}`));
    });
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (answered) return;
      // A reused socket the server had closed: Node flags it `reusedSocket`.
      const stale =
        request.reusedSocket &&
        (error.code === 'ECONNRESET' || error.code === 'EPIPE' || error.message === 'socket hang up');
      resolve(stale ? 'closed before answering' : `${error.message} (${error.code ?? 'no code'})`);
    });
  });
}

/** A browser-like client for one site: keeps cookies, never follows redirects. */
export class Browser {
  readonly #cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  async get(urlPath: string): Promise<{ status: number; text: string; headers: Headers }> {
    return this.#send(urlPath, { method: 'GET' });
  }

  async post(
    urlPath: string,
    fields: Record<string, string>,
  ): Promise<{ status: number; text: string; headers: Headers }> {
    return this.#send(urlPath, {
      method: 'POST',
      body: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  }

  async #send(urlPath: string, init: { method: string; body?: string; headers?: Record<string, string> }) {
    const cookie = [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const res = await fetch(this.baseUrl + urlPath, {
      ...init,
      redirect: 'manual',
      headers: { ...init.headers, ...(cookie ? { cookie } : {}) },
      signal: AbortSignal.timeout(30_000),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      this.#cookies.set(name!.trim(), value.join('='));
    }
    return { status: res.status, text: await res.text(), headers: res.headers };
  }
}

export interface RawResponse {
  status: number;
  /** Every header line as sent, names lower-cased: a header sent twice shows twice. */
  headers: Array<[string, string]>;
  body: string;
  header(name: string): string | undefined;
  setCookies(): string[];
}

/**
 * One request with exactly these method and headers, over http or https (any
 * certificate): fetch() can send neither TRACE nor a Host of our choosing.
 */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      {
        method: options.method ?? 'GET',
        headers: options.headers,
        rejectUnauthorized: false,
        agent: false,
        timeout: 30_000,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => {
          const headers: Array<[string, string]> = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2)
            headers.push([res.rawHeaders[i]!.toLowerCase(), res.rawHeaders[i + 1]!]);
          resolve({
            status: res.statusCode ?? 0,
            headers,
            body,
            header: (name) => headers.find(([key]) => key === name)?.[1],
            setCookies: () => headers.filter(([key]) => key === 'set-cookie').map(([, value]) => value),
          });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Waits up to 10 s for a stopped server's process to exit, then kills it: a test never leaves one behind. */
export async function waitForExit(pid: number): Promise<void> {
  await waitFor(() => !isAlive(pid), { timeout: 10_000, interval: 50 }).catch(() => process.kill(pid, 'SIGKILL'));
}
