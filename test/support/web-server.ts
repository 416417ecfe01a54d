/** Small helpers shared by the Apache and lighttpd harnesses. */
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A loopback port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts connections on the port. */
export async function waitForPort(port: number, timeoutMs: number, diagnostics: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await accepts(port)) return;
    await sleep(50);
  }
  throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms\n${diagnostics()}`);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface LoadResult {
  ok: number;
  failed: string[];
}

/**
 * Steady load: `concurrency` clients, each with its keep-alive connection,
 * sending GETs for `paths` in turn until `total` requests were sent or
 * `stop()` says so. A request fails on a network error or a status other
 * than 200.
 */
export async function steadyLoad(baseUrl: string, paths: string[], options: { total: number; concurrency?: number; stop?: () => boolean }): Promise<LoadResult> {
  const { total, concurrency = 8 } = options;
  let sent = 0;
  let ok = 0;
  const failed: string[] = [];
  const client = async () => {
    while (sent < total && !options.stop?.()) {
      const urlPath = paths[sent++ % paths.length]!;
      try {
        const res = await fetch(baseUrl + urlPath, { signal: AbortSignal.timeout(30_000) });
        await res.arrayBuffer();
        if (res.status === 200) ok += 1;
        else failed.push(`${urlPath}: HTTP ${res.status}`);
      } catch (error) {
        failed.push(`${urlPath}: ${(error as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  return { ok, failed };
}

/** A browser-like client for one site: keeps cookies, never follows redirects. */
export class Browser {
  readonly #cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  async get(urlPath: string): Promise<{ status: number; text: string; headers: Headers }> {
    return this.#send(urlPath, { method: 'GET' });
  }

  async post(urlPath: string, fields: Record<string, string>): Promise<{ status: number; text: string; headers: Headers }> {
    return this.#send(urlPath, { method: 'POST', body: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  async #send(urlPath: string, init: { method: string; body?: string; headers?: Record<string, string> }) {
    const cookie = [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const res = await fetch(this.baseUrl + urlPath, { ...init, redirect: 'manual', headers: { ...init.headers, ...(cookie ? { cookie } : {}) }, signal: AbortSignal.timeout(30_000) });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      this.#cookies.set(name!.trim(), value.join('='));
    }
    return { status: res.status, text: await res.text(), headers: res.headers };
  }
}
