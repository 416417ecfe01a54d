/**
 * Tools → Import through the real app: the upload, the dry run and the run
 * in their real job processes (`folio import:job`) against this file's
 * database, the reports on the job page, the progress JSON, and every
 * refusal (anonymous, author, forged, no file, wrong format, too big, busy).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import request from 'supertest';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { waitFor } from '#test/support/wait-for.ts';
import { signInAdminAndAuthor, type SignedInAgent } from '#test/support/admin.ts';
import { expectCsrfRefused, expectSignInRedirect } from '#test/request/admin/guards.ts';
import { db } from '#app/models/db.ts';
import { jobDir } from '#app/models/import-job.ts';
import { startingProgress, writeProgress } from '#app/models/import-job/progress.ts';
import { importDirs } from '#config/imports.ts';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/import');
const ghostExport = path.join(fixtures, 'ghost/ghost5.json');

const progressReply = z.object({
  state: z.string(),
  done: z.number(),
  total: z.number(),
  unit: z.enum(['bytes', 'files']),
  items: z.number(),
  report: z.looseObject({ dryRun: z.boolean(), counts: z.record(z.string(), z.unknown()) }).nullable(),
  error: z.string(),
});

let t: TestApp;
let admin: SignedInAgent;
let author: SignedInAgent;

beforeAll(async () => {
  t = await startTestApp({ env: { FOLIO_IMPORT_MAX_MB: '1' } });
  ({ admin, author } = await signInAdminAndAuthor(t.app));
});
afterAll(() => t.close());

/** The import form as a browser sends it: the token first, then the choices, then the files. */
function upload(
  agent: SignedInAgent,
  file: { data: Buffer; filename: string } | null,
  fields: Record<string, string> = {},
  csrf: string | null = agent.csrf(),
) {
  let req = agent.agent.post('/admin/imports');
  if (csrf !== null) req = req.field('_csrf', csrf);
  for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
  req = file ? req.attach('export', file.data, file.filename) : req.field('nothing', '');
  return req;
}

const ghostFile = () => ({ data: readFileSync(ghostExport), filename: 'my-ghost-blog.json' });

async function progressOf(id: number) {
  const res = await admin.agent.get(`/admin/imports/${id}/progress`).expect(200);
  return progressReply.parse(res.body);
}

/** Until the job's process has finished its step (an event in another process: polled). */
async function settled(id: number) {
  return waitFor(
    async () => {
      const progress = await progressOf(id);
      return progress.state === 'checking' || progress.state === 'running' ? null : progress;
    },
    { timeout: 90_000, interval: 100, message: `import job ${id} to finish its step` },
  );
}

function jobIdFrom(location: string): number {
  const id = /^\/admin\/imports\/(\d+)$/.exec(location)?.[1];
  if (!id) throw new Error(`not a job page: ${location}`);
  return Number(id);
}

async function expectNothingKept(jobsBefore: number) {
  expect(await db.importJob.count()).toBe(jobsBefore);
  await waitFor(
    () => !existsSync(importDirs(t.config).incoming) || readdirSync(importDirs(t.config).incoming).length === 0,
    {
      message: 'the incoming folder to empty',
    },
  );
}

describe('Tools → Import', () => {
  it('is for administrators: anonymous visitors sign in, authors are refused and nothing is written', async () => {
    await expectSignInRedirect(t.app, '/admin/imports');
    await author.get('/admin/imports', 403);
    const jobs = await db.importJob.count();
    const refused = await upload(author, ghostFile()).expect(403);
    expect(refused.text).toContain('Only an administrator');
    await expectNothingKept(jobs);
    const page = await admin.get('/admin/imports');
    expect(page.text).toContain('<a href="/admin/imports" class="current">Import</a>');
  });

  it('refuses a forged or missing token before writing the file', async () => {
    const jobs = await db.importJob.count();
    await upload(admin, ghostFile(), {}, null).expect(403);
    await upload(admin, ghostFile(), {}, 'forged-token').expect(403);
    await expectNothingKept(jobs);
  });

  it('says what is wrong with the upload, on the form, and keeps nothing', async () => {
    const jobs = await db.importJob.count();
    const none = await upload(admin, null).expect(422);
    expect(none.text).toContain('Choose the export file to import.');

    const wrong = await upload(admin, ghostFile(), { format: 'wxr' }).expect(422);
    expect(wrong.text).toContain('This file looks like a JSON file, which cannot be read as a WordPress export (WXR).');
    expect(wrong.text).toMatch(/<option value="wxr" selected>/);

    const text = await upload(admin, { data: Buffer.from('just some words\n'), filename: 'notes.txt' }).expect(422);
    expect(text.text).toContain('This file looks like a file of no format Folio imports.');

    const big = await upload(admin, { data: Buffer.alloc(1_100_000, 0x20), filename: 'huge.xml' }).expect(413);
    expect(big.text).toContain('larger than the 1 MB an import may be');

    const badChoice = await upload(admin, ghostFile(), { pings: 'sometimes' }).expect(422);
    expect(badChoice.text).toContain('Choose whether pingbacks and trackbacks are kept.');
    const badMap = await upload(admin, ghostFile(), { authorMap: 'nobody' }).expect(422);
    expect(badMap.text).toContain('“nobody” is not old=new');
    await expectNothingKept(jobs);
  });

  it('checks an export with a dry run, shows its report, then imports it with the same code', async () => {
    const articlesBefore = await db.article.count();
    const uploaded = await upload(admin, ghostFile(), { format: 'detect', authorMap: 'ghost-owner=ada' }).expect(303);
    const id = jobIdFrom(uploaded.headers.location!);
    expect(['checking', 'checked']).toContain((await progressOf(id)).state);

    const checked = await settled(id);
    expect(checked).toMatchObject({ state: 'checked', error: '' });
    expect(checked.report?.dryRun).toBe(true);
    expect(await db.article.count()).toBe(articlesBefore);

    const page = await admin.get(`/admin/imports/${id}`);
    expect(page.text).toContain('Dry run: what the import would do');
    expect(page.text).toContain('Nothing has been written yet.');
    expect(page.text).toMatch(/<tr data-kind="Articles"><th scope="row">Articles<\/th><td>[1-9]\d*<\/td>/);
    expect(page.text).toContain('Run the import');

    // The run: a forged one is refused, the real one imports.
    await expectCsrfRefused(admin, `/admin/imports/${id}/run`);
    await admin.post(`/admin/imports/${id}/run`).expect(303).expect('Location', `/admin/imports/${id}`);
    const done = await settled(id);
    expect(done).toMatchObject({ state: 'done', error: '' });
    expect(done.report?.dryRun).toBe(false);
    const created = (done.report?.counts as { article?: { created?: number } }).article?.created ?? 0;
    expect(created).toBeGreaterThan(0);
    expect(await db.article.count()).toBe(articlesBefore + created);

    const final = await admin.get(`/admin/imports/${id}`);
    expect(final.text).toContain('What the import did');
    expect(final.text).not.toContain('Run the import');
    // A done job cannot run twice.
    const again = await admin.post(`/admin/imports/${id}/run`).expect(409);
    expect(again.text).toContain('it cannot be run now');

    // The imported article is on the reader site.
    const article = await db.article.findFirstOrThrow({ where: { title: 'Every card there is' } });
    const home = await request(t.app).get('/').expect(200);
    expect(home.text).toContain(article.title);
  }, 180_000);

  it('shows why a dry run failed, naming where the export is broken', async () => {
    const uploaded = await upload(admin, {
      data: readFileSync(path.join(fixtures, 'ghost/malformed.json')),
      filename: 'broken.json',
    }).expect(303);
    const id = jobIdFrom(uploaded.headers.location!);
    const failed = await settled(id);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatch(/^The export could not be read: line \d+/);
    const page = await admin.get(`/admin/imports/${id}`);
    expect(page.text).toContain('The export could not be read: line');
    expect(page.text).not.toContain('Run the import');
  }, 120_000);

  it('runs one import at a time, and notices a job whose process died', async () => {
    const user = await db.user.findFirstOrThrow({ where: { login: 'ada' } });
    const working = await db.importJob.create({
      data: { format: 'ghost', storedPath: '', originalName: 'other.json', state: 'running', userId: user.id },
    });
    // This test process stands in for the job's live process; then for a dead one.
    writeProgress(jobDir(t.config, working.id), startingProgress(process.pid));
    const busy = await upload(admin, ghostFile()).expect(409);
    expect(busy.text).toContain('Another import (“other.json”, running) is under way.');

    const child = spawn(process.execPath, ['-e', '']);
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(0);
    writeProgress(jobDir(t.config, working.id), startingProgress(child.pid!));
    const dead = await progressOf(working.id);
    expect(dead.state).toBe('failed');
    expect(dead.error).toContain('process stopped without finishing');

    // Removing it takes its files too.
    await admin.post(`/admin/imports/${working.id}/deletion`).expect(303).expect('Location', '/admin/imports');
    expect(await db.importJob.findUnique({ where: { id: working.id } })).toBeNull();
    expect(existsSync(jobDir(t.config, working.id))).toBe(false);
    await admin.get(`/admin/imports/${working.id}`, 404);
  });

  it('answers the progress JSON for a job, and 404 for none', async () => {
    const job = await db.importJob.findFirstOrThrow({ where: { state: 'done' } });
    const progress = await progressOf(job.id);
    expect(progress).toMatchObject({ state: 'done', error: '', report: { dryRun: false } });
    expect(progress.total).toBeGreaterThan(0);
    await admin.agent.get('/admin/imports/99999/progress').expect(404);
    await author.agent.get(`/admin/imports/${job.id}/progress`).expect(403);
  });
});
