/**
 * A full disk while an upload is stored: a real one. The data dir is a
 * small tmpfs mounted for this file, so ENOSPC comes from the kernel, not
 * from a stub. Mounting needs root (CI runs as root); elsewhere these tests
 * are skipped and say why.
 */
import { describe, it, expect, beforeAll, afterAll, afterEach } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { z } from 'zod';
import { startTestApp, testDatabaseKind, type TestApp } from '#test/support/app.ts';
import { waitFor } from '#test/support/wait-for.ts';
import { signedInAgent, type SignedInAgent } from '#test/support/admin.ts';
import * as cast from '#test/fixtures/cast.ts';
import { forgetSignInLimiters } from '#app/models/user/sign-in-throttle.ts';
import { db } from '#app/models/db.ts';
import { uploadDirs, type UploadDirs } from '#config/uploads.ts';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/files');
const diskMessage = 'The server’s disk is full, so nothing was uploaded.';
// The JSON replies these tests read.
const errorIn = (res: { body: unknown }) => z.object({ error: z.string() }).parse(res.body).error;
const assetsIn = (res: { body: unknown }) =>
  z.object({ assets: z.array(z.looseObject({ id: z.number() })) }).parse(res.body).assets;

const dataDir = mkdtempSync(path.join(tmpdir(), 'folio-full-disk-'));
const dbDir = mkdtempSync(path.join(tmpdir(), 'folio-full-disk-db-'));
const cannotMount = mountTmpfs(dataDir, '256k');

let t: TestApp;
let dirs: UploadDirs;
let grace: SignedInAgent;

beforeAll(async () => {
  if (cannotMount) return;
  // The database lives elsewhere: only the uploads (and their temp dir) share the small disk.
  t = await startTestApp({
    env: {
      FOLIO_DATA_DIR: dataDir,
      ...(testDatabaseKind() === 'sqlite' ? { DATABASE_URL: `file:${path.join(dbDir, 'folio.db')}` } : {}),
      FOLIO_UPLOAD_MAX_MB: '1',
      FOLIO_PAGE_CACHE: 'off',
    },
  });
  dirs = uploadDirs(t.config);
  forgetSignInLimiters();
  await cast.ada(); // without an administrator, sign-in leads to setup
  await cast.grace();
  grace = await signedInAgent(t.app, 'grace');
});
afterAll(async () => {
  await t?.close();
  if (!cannotMount) execFileSync('umount', [dataDir]);
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(dbDir, { recursive: true, force: true });
});
afterEach(async () => {
  if (cannotMount) return;
  // Nothing half-written stays: not in the temp dir, not among the stored files, not in the database.
  await waitFor(() => readdirSync(dirs.temp).length === 0, { message: 'the upload temp dir to empty' });
  expect(storedFiles()).toEqual([]);
  expect(await db.asset.count()).toBe(0);
});

describe('a full disk during an upload', () => {
  it('answers 507 with a clear message when the upload itself does not fit', async ({ skip }) => {
    if (cannotMount) return skip(cannotMount);
    const tooBig = Buffer.concat([
      readFileSync(path.join(fixtures, 'sample.png')),
      Buffer.alloc(freeBytes() + 64 * 1024, 7),
    ]);
    expect(tooBig.length).toBeLessThan(1024 * 1024); // under the size limit: it is the disk that refuses
    const json = await upload(tooBig, 'big.png').set('Accept', 'application/json').expect(507);
    expect(errorIn(json)).toContain(diskMessage);
    await waitFor(() => readdirSync(dirs.temp).length === 0, { message: 'the upload temp dir to empty' });
    // The library form gets the themed admin page, with the message beside the form.
    const page = await upload(tooBig, 'big.png').expect(507);
    expect(page.text).toContain('<h1>Uploads</h1>');
    expect(page.text).toContain('The server’s disk is full');
  });

  it('answers 507 when the upload fits but its re-encoded copy does not', async ({ skip }) => {
    if (cannotMount) return skip(cannotMount);
    // Noise does not compress: the re-encoded original is about as large as the upload.
    const side = Math.floor(Math.sqrt((freeBytes() * 0.6) / 3));
    const noise = await sharp(
      Buffer.from(Array.from({ length: side * side * 3 }, () => Math.floor(Math.random() * 256))),
      { raw: { width: side, height: side, channels: 3 } },
    )
      .png()
      .toBuffer();
    expect(noise.length).toBeLessThan(freeBytes());
    const res = await upload(noise, 'noise.png').set('Accept', 'application/json').expect(507);
    expect(errorIn(res)).toContain(diskMessage);
  });

  it('stores an upload that fits (the disk itself works)', async ({ skip }) => {
    if (cannotMount) return skip(cannotMount);
    const res = await upload(readFileSync(path.join(fixtures, 'sample.png')), 'small.png')
      .set('Accept', 'application/json')
      .expect(201);
    expect(storedFiles()).toHaveLength(3); // the original and its two variants
    await db.asset.delete({ where: { id: assetsIn(res)[0]!.id } });
    rmSync(dirs.root, { recursive: true, force: true });
  });
});

function upload(data: Buffer, filename: string) {
  return grace.agent
    .post('/admin/assets')
    .field('_csrf', grace.csrf())
    .attach('files', data, { filename, contentType: 'image/png' });
}

/** Mounts a tmpfs of `size` at `dir`; the reason it could not, or null. */
function mountTmpfs(dir: string, size: string): string | null {
  if (process.getuid?.() !== 0) return 'mounting a small tmpfs (a real full disk) needs root';
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'folio-full-disk', dir], { stdio: 'pipe' });
    return null;
  } catch (error) {
    return `could not mount a tmpfs: ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}`;
  }
}

function freeBytes(): number {
  const { bavail, bsize } = statfsSync(dataDir);
  return bavail * bsize;
}

function storedFiles(): string[] {
  if (!existsSync(dirs.root)) return [];
  return (readdirSync(dirs.root, { recursive: true }) as string[]).filter((name) => /\.\w+$/.test(name));
}
