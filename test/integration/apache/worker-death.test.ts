/**
 * A worker killed while it holds a reader's comment POST, through the real
 * Apache running the generated site. The POST's body is held open on a raw
 * socket, so the kill lands mid-request every time: the worker with the
 * request in flight is the one killed, and only then is the rest sent.
 *
 * What used to happen: mod_proxy_fcgi saw the connection reset ("Failed to
 * read FastCGI header"), and its balancer sent the request again to another
 * worker, with the part of the body the dead worker had eaten missing. That
 * worker ended the request without a response, which Apache answers as an
 * empty 200: the comment was lost and the reader told nothing.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import net from 'node:net';
import { once } from 'node:events';
import { startApache, type Apache } from '#test/support/apache.ts';
import { Browser, isAlive } from '#test/support/web-server.ts';
import { useRunningBlog, commentFormAction } from '#test/integration/apache/blog-fixture.ts';

const articlePath = '/2024/01/10/ruby-one';

describe('a worker killed mid-POST behind Apache', () => {
  const blog = useRunningBlog();
  let apache: Apache;

  beforeAll(async () => {
    apache = await startApache({ dataDir: blog.pool.dataDir, workerArgs: blog.workerArgs, appRoot: blog.app.appRoot });
  });
  afterAll(async () => {
    await apache?.stop();
  });

  it('answers 502 with the static page, stores nothing, and the same form posts once the worker is back', async () => {
    const reader = new Browser(apache.url);
    const text = 'Posted while its worker died.';
    const fields = { authorName: 'Reader', body: text, homepage: '' };
    const preview = await reader.post(commentFormAction((await reader.get(articlePath)).text), fields);
    const token = /name="token" value="([^"]+)"/.exec(preview.text)?.[1];
    expect(preview.status, preview.text).toBe(200);
    expect(token).toBeDefined();
    const action = commentFormAction(preview.text);
    const body = new URLSearchParams({ ...fields, token: token! }).toString();

    const post = await HeldPost.open(apache.port, action, body);
    const victim = await blog.pool.waitForState((state) => state.workers.find((w) => w.state === 'ready' && w.activeRequests === 1));
    process.kill(victim.pid!, 'SIGKILL');
    await blog.pool.waitForState((state) => !state.workers.some((w) => w.pid === victim.pid && w.state === 'ready') && !isAlive(victim.pid!));
    const answer = await post.finish();

    const log = apache.errorLog();
    expect(answer.status, `${answer.head}\n${answer.body}\n${log}\n${workerLog()}`).toBe(502);
    expect(answer.body).toContain('was not saved');
    expect(await storedComments(text)).toBe(0);

    // The preview's form is still in the reader's browser: sent again once the slot is back, it is stored once.
    await blog.pool.waitForState((state) => state.phase === 'running' && state.workers.filter((w) => w.state === 'ready').length === 2 && state.workers.every((w) => w.pid !== victim.pid));
    const again = await reader.post(action, { ...fields, token: token! });
    expect(again.status, again.text).toBe(303);
    expect(await storedComments(text)).toBe(1);
  });

  /** The workers' log lines about FastCGI requests, for a failure's message. */
  function workerLog(): string {
    return blog.output().split('\n').filter((line) => /request \d+|FastCGI|killed|SIGKILL|exited/.test(line)).join('\n');
  }

  /** How many times the text shows on the article page, rendered by a worker (a query string skips the page cache). */
  async function storedComments(text: string): Promise<number> {
    const page = await fetch(`${apache.url}${articlePath}?fresh=${Date.now()}`);
    expect(page.status).toBe(200);
    return (await page.text()).split(text).length - 1;
  }
});

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
    return { status: Number(/^HTTP\/1\.\d (\d{3})/.exec(head)?.[1] ?? 0), head, body: split < 0 ? '' : raw.slice(split + 4) };
  }
}
