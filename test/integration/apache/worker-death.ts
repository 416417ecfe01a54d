/**
 * A reader's comment POST whose worker is killed while it holds the request,
 * through a real web server in front of the blog's pool. The POST's body is
 * held open on a raw socket, so the kill lands mid-request every time: the
 * worker with a request in flight is the one killed, and only then is the
 * rest of the body sent.
 */
import net from 'node:net';
import { once } from 'node:events';
import { expect } from 'vitest';
import { Browser, isAlive } from '#test/support/web-server.ts';
import { commentFormAction, type RunningBlog } from '#test/integration/apache/blog-fixture.ts';

export const articlePath = '/2024/01/10/ruby-one';

export interface Site {
  readonly url: string;
  readonly port: number;
}

export interface KilledPost {
  /** The web server's answer to the POST. */
  answer: { status: number; head: string; body: string };
  /** The reader's browser, and what its form still holds: the preview's action and fields, token included. */
  reader: Browser;
  action: string;
  fields: Record<string, string>;
  victimPid: number;
}

export async function postWhileItsWorkerDies(blog: RunningBlog, site: Site, text: string): Promise<KilledPost> {
  const reader = new Browser(site.url);
  const asked = { authorName: 'Reader', body: text, homepage: '' };
  const preview = await reader.post(commentFormAction((await reader.get(articlePath)).text), asked);
  const token = /name="token" value="([^"]+)"/.exec(preview.text)?.[1];
  expect(preview.status, preview.text).toBe(200);
  expect(token).toBeDefined();
  const fields = { ...asked, token: token! };
  const action = commentFormAction(preview.text);

  const post = await HeldPost.open(site.port, action, new URLSearchParams(fields).toString());
  const victim = await blog.pool.waitForState((state) =>
    state.workers.find((w) => w.state === 'ready' && w.activeRequests === 1),
  );
  const victimPid = victim.pid!;
  process.kill(victimPid, 'SIGKILL');
  await blog.pool.waitForState(
    (state) => !state.workers.some((w) => w.pid === victimPid && w.state === 'ready') && !isAlive(victimPid),
  );
  return { answer: await post.finish(), reader, action, fields, victimPid };
}

/** Resolves once every slot has a ready worker again, the killed one replaced. */
export function respawned(blog: RunningBlog, victimPid: number): Promise<true> {
  return blog.pool.waitForState(
    (state) =>
      (state.phase === 'running' && state.workers.every((w) => w.state === 'ready' && w.pid !== victimPid)) ||
      undefined,
  );
}

/** How many times the text shows on the article page, rendered by a worker (a query string skips the page cache). */
export async function timesShown(site: Site, text: string): Promise<number> {
  const page = await fetch(`${site.url}${articlePath}?fresh=${Date.now()}`);
  expect(page.status).toBe(200);
  return (await page.text()).split(text).length - 1;
}

/** The pool's log lines about FastCGI requests and worker deaths, for a failure's message. */
export function workerLog(blog: RunningBlog): string {
  return blog
    .output()
    .split('\n')
    .filter((line) => /request \d+:|FastCGI|died/.test(line))
    .join('\n');
}

/** A POST whose last bytes are held back until `finish()`. */
class HeldPost {
  readonly #socket: net.Socket;
  readonly #rest: string;
  readonly #received: Promise<string>;

  private constructor(socket: net.Socket, rest: string) {
    this.#socket = socket;
    this.#rest = rest;
    let data = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (data += chunk));
    this.#received = new Promise((resolve, reject) => {
      socket.once('end', () => resolve(data));
      socket.once('error', reject);
    });
  }

  static async open(port: number, urlPath: string, body: string): Promise<HeldPost> {
    const socket = net.connect(port, '127.0.0.1');
    await once(socket, 'connect');
    const held = 8;
    socket.write(
      `POST ${urlPath} HTTP/1.1\r\nHost: blog.test\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body.slice(0, -held)}`,
    );
    return new HeldPost(socket, body.slice(-held));
  }

  async finish(): Promise<{ status: number; head: string; body: string }> {
    this.#socket.write(this.#rest);
    const raw = await this.#received;
    const split = raw.indexOf('\r\n\r\n');
    const head = split < 0 ? raw : raw.slice(0, split);
    return {
      status: Number(/^HTTP\/1\.\d (\d{3})/.exec(head)?.[1] ?? 0),
      head,
      body: split < 0 ? '' : raw.slice(split + 4),
    };
  }
}
