import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { acceptedLabels, acceptedType, checkContent, UnacceptableFile } from '#app/models/upload/content-check.ts';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/files');

describe('acceptedType', () => {
  it.each([
    ['sample.png', 'png', 'image/png', 'image'],
    ['sample.jpg', 'jpg', 'image/jpeg', 'image'],
    ['sample.gif', 'gif', 'image/gif', 'image'],
    ['sample.webp', 'webp', 'image/webp', 'image'],
    ['sample.pdf', 'pdf', 'application/pdf', 'pdf'],
    ['sample.mp3', 'mp3', 'audio/mpeg', 'audio'],
    ['sample.mp4', 'mp4', 'video/mp4', 'video'],
  ])('accepts %s by its bytes as %s (%s)', async (name, ext, contentType, kind) => {
    expect(acceptedType(await fileTypeFromBuffer(readFileSync(path.join(fixtures, name))))).toEqual({
      ext,
      contentType,
      kind,
    });
  });

  it.each(['drawing.svg', 'page.png'])('finds no accepted type in %s', async (name) => {
    expect(acceptedType(await fileTypeFromBuffer(readFileSync(path.join(fixtures, name))))).toBeNull();
  });

  it('refuses types off the allowlist, and an allowed extension with another MIME type', () => {
    expect(acceptedType(undefined)).toBeNull();
    expect(acceptedType({ ext: 'tif', mime: 'image/tiff' })).toBeNull();
    expect(acceptedType({ ext: 'm4a', mime: 'audio/x-m4a' })).toBeNull();
    expect(acceptedType({ ext: 'mp4', mime: 'audio/mp4' })).toBeNull();
    expect(acceptedType({ ext: 'constructor', mime: 'x' })).toBeNull();
    expect(acceptedType({ ext: 'toString', mime: 'x' })).toBeNull();
  });

  it('lists the accepted types for messages', () => {
    expect(acceptedLabels()).toBe('JPEG, PNG, GIF, WebP, PDF, MP3 and MP4');
  });
});

describe('checkContent', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'folio-content-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ignores the file name: a PNG named .txt is a PNG', async () => {
    const renamed = path.join(dir, 'notes.txt');
    copyFileSync(path.join(fixtures, 'sample.png'), renamed);
    expect(await checkContent(renamed)).toMatchObject({ ext: 'png', contentType: 'image/png' });
  });

  it.each(['drawing.svg', 'page.png'])('refuses %s with a reason naming the accepted types', async (name) => {
    const attempt = checkContent(path.join(fixtures, name));
    await expect(attempt).rejects.toThrow(UnacceptableFile);
    await expect(checkContent(path.join(fixtures, name))).rejects.toThrow(
      /could not recognise .*accepted types are JPEG, PNG/,
    );
  });

  it('names a recognised but refused type', async () => {
    const tiff = path.join(dir, 'photo.png');
    writeFileSync(
      tiff,
      await sharp({ create: { width: 2, height: 2, channels: 3, background: '#fff' } })
        .tiff()
        .toBuffer(),
    );
    await expect(checkContent(tiff)).rejects.toThrow('it is a TIF file (image/tiff); accepted types are');
  });
});
