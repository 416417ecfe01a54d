import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { prepareImage } from '#app/models/upload/images.ts';
import { UnacceptableFile } from '#app/models/upload/content-check.ts';
import type { UploadDirs } from '#config/uploads.ts';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/files');

describe('prepareImage', () => {
  let base: string;
  let dirs: UploadDirs;
  beforeEach(() => {
    base = mkdtempSync(path.join(tmpdir(), 'folio-images-'));
    dirs = { root: path.join(base, 'uploads'), temp: path.join(base, 'tmp') };
    mkdirSync(dirs.temp);
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('writes a thumbnail and a medium copy, in the same format, into the temp dir', async () => {
    const big = path.join(base, 'big.jpg');
    await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#369' } })
      .jpeg()
      .toFile(big);
    const prepared = await prepareImage(big, 'jpg', dirs);
    expect(prepared).toMatchObject({ width: 1600, height: 1200 });
    const sizes = await Promise.all(
      prepared.variants.map(async (v) => {
        const m = await sharp(v.path).metadata();
        return [v.variant, m.width, m.height, m.format, path.dirname(v.path)];
      }),
    );
    expect(sizes).toEqual([
      ['thumb', 200, 150, 'jpeg', dirs.temp],
      ['medium', 800, 600, 'jpeg', dirs.temp],
    ]);
  });

  it('reports the size as displayed, after the EXIF orientation', async () => {
    const rotated = path.join(base, 'rotated.jpg');
    await sharp({ create: { width: 400, height: 300, channels: 3, background: '#963' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toFile(rotated);
    const prepared = await prepareImage(rotated, 'jpg', dirs);
    expect([prepared.width, prepared.height]).toEqual([300, 400]);
    const thumb = await sharp(prepared.variants[0]!.path).metadata();
    expect([thumb.width, thumb.height]).toEqual([150, 200]);
  });

  it('refuses a pixel bomb before decoding it, and leaves nothing in the temp dir', async () => {
    const attempt = prepareImage(path.join(fixtures, 'bomb.png'), 'png', dirs);
    await expect(attempt).rejects.toThrow(UnacceptableFile);
    await expect(prepareImage(path.join(fixtures, 'bomb.png'), 'png', dirs)).rejects.toThrow(
      'the image is 10,000×10,000 pixels; the limit is 40 megapixels.',
    );
    expect(readdirSync(dirs.temp)).toEqual([]);
  });

  it('refuses a damaged image and removes the copies it had started', async () => {
    const truncated = path.join(base, 'truncated.png');
    writeFileSync(truncated, readFileSync(path.join(fixtures, 'sample.png')).subarray(0, 60));
    await expect(prepareImage(truncated, 'png', dirs)).rejects.toThrow(
      'the image could not be read (it may be damaged).',
    );
    expect(readdirSync(dirs.temp)).toEqual([]);
  });

  it('re-encodes the original into the temp dir: same format and size, no metadata, nothing appended', async () => {
    const prepared = await prepareImage(path.join(fixtures, 'exif-gps-php.jpg'), 'jpg', dirs);
    expect(path.dirname(prepared.original.path)).toBe(dirs.temp);
    const bytes = readFileSync(prepared.original.path);
    expect(prepared.original.size).toBe(bytes.length);
    expect(bytes.includes('<?php')).toBe(false);
    const metadata = await sharp(bytes).metadata();
    expect([metadata.format, metadata.width, metadata.height, metadata.exif, metadata.orientation]).toEqual([
      'jpeg',
      300,
      400,
      undefined,
      undefined,
    ]);
  });

  it('refuses an animation whose frames together exceed the pixel limit', async () => {
    // The three-frame fixture, every frame claiming 4000×4000: 16 megapixels each, 48 in all.
    const animation = path.join(base, 'long.gif');
    writeFileSync(animation, gifClaimingSize(readFileSync(path.join(fixtures, 'animated.gif')), 4000, 4000));
    await expect(prepareImage(animation, 'gif', dirs)).rejects.toThrow(
      'the animation is 3 frames of 4,000×4,000 pixels; the limit is 40 megapixels for all frames together.',
    );
    expect(readdirSync(dirs.temp)).toEqual([]);
  });

  it('leaves the original where it is', async () => {
    const original = path.join(base, 'sample.webp');
    copyFileSync(path.join(fixtures, 'sample.webp'), original);
    await prepareImage(original, 'webp', dirs);
    expect(readFileSync(original)).toEqual(readFileSync(path.join(fixtures, 'sample.webp')));
  });
});

/** Rewrites the logical screen and every frame's image descriptor of a GIF to claim `width`×`height` (the pixel data stays small). */
function gifClaimingSize(source: Buffer, width: number, height: number): Buffer {
  const gif = Buffer.from(source);
  const skipSubBlocks = (at: number) => {
    while (gif[at]! !== 0) at += gif[at]! + 1;
    return at + 1;
  };
  const colourTable = (flags: number) => (flags & 0x80 ? 3 * 2 ** ((flags & 0x07) + 1) : 0);
  gif.writeUInt16LE(width, 6);
  gif.writeUInt16LE(height, 8);
  let at = 13 + colourTable(gif[10]!);
  while (gif[at] !== 0x3b) {
    if (gif[at] === 0x21) {
      at = skipSubBlocks(at + 2);
    } else if (gif[at] === 0x2c) {
      gif.writeUInt16LE(width, at + 5);
      gif.writeUInt16LE(height, at + 7);
      at = skipSubBlocks(at + 10 + colourTable(gif[at + 9]!) + 1);
    } else {
      throw new Error(`unexpected GIF block 0x${gif[at]!.toString(16)} at ${at}`);
    }
  }
  return gif;
}
