/**
 * What the web-server integration tests run: a small blog in a pool's data
 * dir (written before the pool starts, through the model API), a deployed
 * app root whose public/ the web server serves (a copy, so the maintenance
 * switch can be flipped without touching the checkout), and the pool.
 */
import { startApache, type Apache } from '#test/support/apache.ts';
import { afterAll, beforeAll } from 'vitest';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '#config/environment.ts';
import { applyMigrations } from '#app/models/migrator.ts';
import { connectDatabase, disconnectDatabase } from '#app/models/db.ts';
import { initializeBlog } from '#app/models/blog.ts';
import { forgetSettings } from '#app/models/settings.ts';
import { createArticle, changeSettings } from '#test/fixtures/factories.ts';
import { createAccountFor } from '#test/support/admin.ts';
import { PoolHarness, freePorts } from '#test/integration/pool/pool-harness.ts';
import { root } from '#test/support/cli.ts';
import { copyTemplateDatabase, testDatabaseKind } from '#test/support/app.ts';
import type { Browser } from '#test/support/web-server.ts';

export const adminLogin = 'ada';

/** A pool (not started) whose data dir holds the blog (or whose DATABASE_URL is `databaseUrl`), readable by the web server's user. */
export async function blogPool(options: { databaseUrl?: string } = {}): Promise<PoolHarness> {
  const pool = new PoolHarness();
  if (options.databaseUrl) pool.env.DATABASE_URL = options.databaseUrl;
  // Comment forms can be posted at once; the spam check's timing is tested elsewhere.
  pool.env.FOLIO_COMMENT_MIN_SECONDS = '0';
  chmodSync(pool.dataDir, 0o755);
  mkdirSync(path.join(pool.dataDir, 'cache'), { recursive: true, mode: 0o755 });
  // On the PostgreSQL tier, a database of its own, cloned from the run's migrated template.
  if (testDatabaseKind() === 'postgresql') {
    const database = await copyTemplateDatabase(pool.dataDir);
    pool.env.DATABASE_URL = database.url;
    pool.onCleanup(() => database.drop());
  }
  const config = loadConfig({ ...pool.env, FOLIO_DATA_DIR: pool.dataDir });
  await applyMigrations(config.databaseUrl);
  await connectDatabase(config.databaseUrl);
  forgetSettings();
  try {
    await initializeBlog();
    await changeSettings({ commentPolicy: 'open', articlesPerPage: 3 });
    const author = await createAccountFor(adminLogin, 'admin');
    await createArticle({ author, title: 'Ruby one', tags: 'ruby', publishedAt: new Date('2024-01-10T10:00:00Z') });
    await createArticle({ author, title: 'Rails one', tags: 'rails', publishedAt: new Date('2024-02-10T10:00:00Z') });
    await createArticle({ author, title: 'Quiet one', publishedAt: new Date('2024-03-10T10:00:00Z') });
  } finally {
    await disconnectDatabase();
  }
  return pool;
}

/** Starts `count` FastCGI workers on consecutive ports; returns the args that describe them and what the pool logs. */
export async function startWorkers(
  pool: PoolHarness,
  count = 2,
): Promise<{ workerArgs: string[]; output: () => string }> {
  const base = await freePorts(count);
  const workerArgs = ['--count', String(count), '--listen', `127.0.0.1:${base}`];
  const supervisor = pool.spawn(['start', ...workerArgs]);
  await pool.ready(count);
  return { workerArgs, output: () => supervisor.output.join('') };
}

/** The blog's pool with its workers running, and a deployed app root: what a web server is put in front of. */
export interface RunningBlog {
  pool: PoolHarness;
  app: ReturnType<typeof deployedApp>;
  workerArgs: string[];
  /** What the supervisor and its workers have logged so far (for a failing test's message). */
  output(): string;
}

/**
 * A running blog for the calling test file: started before its tests and
 * removed after them. Register it before the file's own hooks, so a web
 * server the file starts in front of it is stopped first (afterAll hooks run
 * in reverse order).
 */
/** Apache running the generated site in front of `blog`, for a file's tests: started before them, stopped after. */
export function useApache(blog: RunningBlog): { readonly apache: Apache } {
  const front = {} as { apache: Apache };
  beforeAll(async () => {
    front.apache = await startApache({
      dataDir: blog.pool.dataDir,
      workerArgs: blog.workerArgs,
      appRoot: blog.app.appRoot,
    });
  });
  afterAll(async () => {
    await front.apache?.stop();
  });
  return front;
}

export function useRunningBlog(): RunningBlog {
  const blog = {} as RunningBlog;
  beforeAll(async () => {
    blog.pool = await blogPool();
    blog.app = deployedApp();
    Object.assign(blog, await startWorkers(blog.pool));
  });
  afterAll(async () => {
    await blog.pool?.cleanup();
    blog.app?.remove();
  });
  return blog;
}

/** A deployed app root: a copy of public/, as a release would have it. */
export function deployedApp(): { appRoot: string; publicDir: string; remove(): void } {
  const appRoot = mkdtempSync(path.join(tmpdir(), 'folio-release-'));
  chmodSync(appRoot, 0o755);
  cpSync(path.join(root, 'public'), path.join(appRoot, 'public'), { recursive: true });
  return {
    appRoot,
    publicDir: path.join(appRoot, 'public'),
    remove: () => rmSync(appRoot, { recursive: true, force: true }),
  };
}

/**
 * Posts a comment as a reader does: the article page's form asks for a
 * preview, and the preview's form (with its single-use token) posts it.
 */
export async function postComment(reader: Browser, articleHtml: string, fields: Record<string, string>) {
  const preview = await reader.post(commentFormAction(articleHtml), { ...fields, homepage: '' });
  const token = /name="token" value="([^"]+)"/.exec(preview.text)?.[1];
  if (preview.status !== 200 || !token) throw new Error(`no comment preview (${preview.status}): ${preview.text}`);
  return reader.post(commentFormAction(preview.text), { ...fields, homepage: '', token });
}

/** Where the page's comment form posts (the article page's asks for a preview, the preview's posts). */
export function commentFormAction(html: string): string {
  const action = /<form class="comment-form" id="comment-form"[^>]* action="([^"#]+)/.exec(html)?.[1];
  if (!action) throw new Error('no comment form on the page');
  return action;
}
