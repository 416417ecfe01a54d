/**
 * A desktop editor against a real `folio serve`: Python's standard
 * xmlrpc.client (test/integration/xmlrpc/desktop_client.py) uploads an
 * image, posts with tags and a category, edits, lists and deletes; each
 * step is checked through HTTP as a reader sees it. SQLite only (the
 * request tests cover both databases).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '#config/environment.ts';
import { applyMigrations } from '#app/models/migrator.ts';
import { connectDatabase, disconnectDatabase } from '#app/models/db.ts';
import { initializeBlog } from '#app/models/blog.ts';
import { forgetSettings } from '#app/models/settings.ts';
import { createAppPassword } from '#app/models/app-password.ts';
import { createAccountFor } from '#test/support/admin.ts';
import { createSection } from '#test/fixtures/factories.ts';
import { runCommand, root, startServer } from '#test/support/cli.ts';
import { serverDatabase, type ServerDatabase } from '#test/support/server-database.ts';
import { freePort } from '#test/support/ports.ts';

const python = '/usr/bin/python3';
const script = path.join(import.meta.dirname, 'xmlrpc/desktop_client.py');
const image = path.join(root, 'test/fixtures/files/sample.jpg');

describe('XML-RPC with Python’s xmlrpc.client against folio serve', () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof startServer>>;
  let password: string;
  let baseUrl: string;
  let database: ServerDatabase;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'folio-xmlrpc-'));
    database = await serverDatabase(dir);
    const env = { FOLIO_DATA_DIR: dir, ...database.env };
    const config = loadConfig(env);
    await applyMigrations(config.databaseUrl);
    await connectDatabase(config.databaseUrl);
    forgetSettings();
    try {
      await initializeBlog();
      const grace = await createAccountFor('grace', 'author');
      await createSection({ name: 'Travel', slug: 'travel' });
      password = (await createAppPassword(grace.id, 'Python')).secret;
    } finally {
      await disconnectDatabase();
    }
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    server = await startServer({ ...env, PORT: String(port), BASE_URL: baseUrl });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** One step of the client; its JSON output. */
  async function client(step: string, ...args: string[]): Promise<unknown> {
    const run = await runCommand(python, [script, `${baseUrl}/xmlrpc`, 'grace', password, step, ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' },
    });
    if (run.code !== 0) throw new Error(`desktop_client.py ${step} failed:\n${run.stderr}`);
    return JSON.parse(run.stdout);
  }
  const page = async (url: string) => {
    const response = await fetch(url);
    return { status: response.status, text: await response.text() };
  };

  it('finds the endpoint from the home page (EditURI → RSD)', async () => {
    const home = await page(`${baseUrl}/`);
    const rsdUrl = /<link rel="EditURI" href="([^"]+)" type="application\/rsd\+xml"/.exec(home.text)?.[1];
    expect(rsdUrl).toBe(`${baseUrl}/rsd.xml`);
    expect((await page(rsdUrl!)).text).toContain(`apiLink="${baseUrl}/xmlrpc"`);
    expect(await client('blogs')).toEqual([
      {
        isAdmin: false,
        url: `${baseUrl}/`,
        blogid: '1',
        blogName: expect.any(String) as unknown,
        xmlrpc: `${baseUrl}/xmlrpc`,
      },
    ]);
  });

  it('posts with tags, a category and an image; edits; lists; deletes', async () => {
    const posted = (await client('post', image)) as {
      media: { url: string; type: string };
      postid: string;
      post: { permaLink: string; categories: string[]; mt_keywords: string; dateCreated: string };
    };
    expect(posted.media.type).toBe('image/jpeg');
    expect(posted.post.categories).toEqual(['Travel']);
    expect(posted.post.mt_keywords).toBe('sailing, desktop');
    const imageResponse = await fetch(posted.media.url);
    expect(imageResponse.status).toBe(200);
    expect(imageResponse.headers.get('content-type')).toBe('image/jpeg');

    const shown = await page(posted.post.permaLink);
    expect(shown.status).toBe(200);
    expect(shown.text).toContain('Sailing from the desktop');
    expect(shown.text).toContain('Left the harbour at dawn.');
    expect(shown.text).toContain(new URL(posted.media.url).pathname);
    expect((await page(`${baseUrl}/tag/sailing`)).text).toContain('Sailing from the desktop');
    expect((await page(`${baseUrl}/section/travel`)).text).toContain('Sailing from the desktop');

    const edited = (await client('edit', posted.postid)) as {
      done: boolean;
      post: { permaLink: string; mt_keywords: string };
    };
    expect(edited.done).toBe(true);
    expect(edited.post.mt_keywords).toBe('sailing, desktop, home');
    // The title changed; the address did not.
    expect(edited.post.permaLink).toBe(posted.post.permaLink);
    const after = await page(posted.post.permaLink);
    expect(after.text).toContain('Sailing home from the desktop');
    expect(after.text).toContain('Back by nightfall.');
    expect((await page(`${baseUrl}/tag/home`)).text).toContain('Sailing home from the desktop');

    const listed = (await client('list')) as { recent: string[]; wp: { id: string; title: string; status: string }[] };
    expect(listed.recent).toEqual([posted.postid]);
    expect(listed.wp).toEqual([{ id: posted.postid, title: 'Sailing home from the desktop', status: 'publish' }]);

    expect(await client('delete', posted.postid)).toBe(true);
    expect((await page(posted.post.permaLink)).status).toBe(404);
    expect((await page(`${baseUrl}/`)).text).not.toContain('Sailing home');
    expect(((await client('list')) as { recent: string[] }).recent).toEqual([]);
  });

  it('gives a client that uses a wrong password a fault it can show', async () => {
    expect(await client('wrong')).toEqual({
      faultCode: 403,
      faultString: expect.stringContaining('application password') as unknown,
    });
  });
});
