import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { runFolio, startServer } from '#test/support/cli.ts';
import { serverDatabase, type ServerDatabase } from '#test/support/server-database.ts';
import { csrfFrom, testPassword } from '#test/support/admin.ts';
import { freePort } from '#test/support/ports.ts';
import { waitFor } from '#test/support/wait-for.ts';

// The "done when" for webmentions: two running Folios, each its own
// `folio serve` with its own data, talking over real HTTP. A publishes an
// article linking to B's through its admin editor; A's outbox sends the
// webmention, B verifies it by fetching A's page, holds it for moderation,
// shows it once approved; A's edit removing the link makes B drop it.

interface Blog {
  url: string;
  stop(): Promise<void>;
  admin: Admin;
}

interface Admin {
  get(path: string): Promise<string>;
  post(path: string, fields: Record<string, string | string[]>): request.Test;
}

const dir = mkdtempSync(path.join(tmpdir(), 'folio-round-trip-'));
let a: Blog;
let b: Blog;
const databases: ServerDatabase[] = [];

async function startBlog(name: string): Promise<Blog> {
  const port = await freePort();
  const data = path.join(dir, name);
  const database = await serverDatabase(data);
  databases.push(database);
  const env = {
    FOLIO_DATA_DIR: data,
    ...database.env,
    PORT: String(port),
    BASE_URL: `http://127.0.0.1:${port}`,
    // Both blogs are on loopback: a test-only switch, never for production (README).
    FOLIO_OUTBOUND_ALLOW_PRIVATE: 'on',
    FOLIO_ALERT_CHECK_SECONDS: '1',
    FOLIO_COMMENT_MIN_SECONDS: '0',
  };
  const server = await startServer(env);
  const created = await runFolio(
    ['user:create', '--login', 'editor', '--role', 'admin', '--email', `editor@${name}.example`],
    { FOLIO_DATA_DIR: data, ...database.env },
    `${testPassword}\n`,
  );
  expect(created.stderr).toBe('');
  return { url: server.url, stop: () => server.stop(), admin: await signIn(server.url) };
}

/** The admin as a browser drives it: session cookie, CSRF token from the last page. */
async function signIn(url: string): Promise<Admin> {
  const agent = request.agent(url);
  const form = await agent.get('/admin/sign-in').expect(200);
  await agent
    .post('/admin/sign-in')
    .type('form')
    .send({ _csrf: csrfFrom(form.text), login: 'editor', password: testPassword })
    .expect(303);
  let token = csrfFrom((await agent.get('/admin').expect(200)).text);
  return {
    async get(pagePath) {
      const { text } = await agent.get(pagePath).expect(200);
      token = csrfFrom(text);
      return text;
    },
    post: (pagePath, fields) =>
      agent
        .post(pagePath)
        .type('form')
        .send({ _csrf: token, ...fields }),
  };
}

/** Publishes through the editor's form; resolves with the admin id and the public permalink. */
async function publish(blog: Blog, title: string, body: string, id?: number) {
  await blog.admin.get(id === undefined ? '/admin/articles/new' : `/admin/articles/${id}/edit`);
  const fields = { title, body, textFilter: 'markdown', excerpt: '', tags: '', sectionId: '', allowComments: '1' };
  const saved = await blog.admin
    .post(id === undefined ? '/admin/articles' : `/admin/articles/${id}`, { ...fields, intent: 'publish' })
    .expect(303);
  const articleId = Number(/\/admin\/articles\/(\d+)\/edit/.exec(String(saved.headers.location))?.[1]);
  const feed = await (await fetch(`${blog.url}/articles.atom`)).text();
  const entry = [...feed.matchAll(/<entry>([\s\S]*?)<\/entry>/g)].find(([, xml]) => xml!.includes(title))?.[1] ?? '';
  const permalink = /<link href="([^"]+)"/.exec(entry)?.[1];
  if (!permalink) throw new Error(`"${title}" is not in ${blog.url}'s feed`);
  return { id: articleId, permalink };
}

const page = async (url: string) => (await fetch(url)).text();

beforeAll(async () => {
  [a, b] = await Promise.all([startBlog('a'), startBlog('b')]);
});
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await Promise.all(databases.map((database) => database.drop()));
  rmSync(dir, { recursive: true, force: true });
});

describe('a webmention between two running Folios', () => {
  it('goes from A to B, waits for approval, shows, and goes away when A drops the link', async () => {
    const target = await publish(b, 'The analytical engine', 'It weaves algebraic patterns.');
    const source = await publish(a, 'Notes on B', `I read [the engine post](${target.permalink}) today.`);
    const mentionOnB = `href="${source.permalink}"`;

    // A's outbox sends it, B's verifies it by fetching A's page: it then waits in B's moderation queue.
    const pending = await waitFor(
      async () => {
        const queue = await b.admin.get('/admin/comments?status=pending');
        return queue.includes(source.permalink) && queue;
      },
      { timeout: 60_000, interval: 250, message: 'the webmention to wait in B’s moderation queue' },
    );
    expect(pending).toContain('Webmention');
    expect(await page(target.permalink)).not.toContain(mentionOnB);

    const ids = [...pending.matchAll(/name="ids" value="(\d+)"/g)].map(([, id]) => id!);
    expect(ids).toHaveLength(1);
    await b.admin.post('/admin/comments/approval', { ids, status: 'pending', page: '1' }).expect(303);
    const shown = await waitFor(async () => (await page(target.permalink)).includes(mentionOnB), {
      timeout: 30_000,
      interval: 250,
      message: 'B’s article to show the approved mention',
    });
    expect(shown).toBe(true);

    await publish(a, 'Notes on B', 'I read nothing of note today.', source.id);
    await waitFor(async () => !(await page(target.permalink)).includes(mentionOnB), {
      timeout: 60_000,
      interval: 250,
      message: 'B’s article to drop the mention once A no longer links to it',
    });
  });
});
