import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { create } from 'tar';
import { openFolioArchive } from '#app/importers/sources/folio/index.ts';
import { defaultImportOptions, ImportInputError, type SourceItem } from '#app/importers/source.ts';

async function readAll(file: string): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  for await (const item of openFolioArchive(file, defaultImportOptions).items()) items.push(item);
  return items;
}

describe('the folio archive source', () => {
  let dir: string;
  const archive = async (name: string, files: Record<string, string>) => {
    const root = path.join(dir, `${name}-src`);
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    }
    const out = path.join(dir, `${name}.tar.gz`);
    await create({ gzip: true, cwd: root, file: out }, Object.keys(files));
    return out;
  };
  const manifest = JSON.stringify({ format: 'folio-archive', formatVersion: 1, baseUrl: 'https://old.example' });

  beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'folio-source-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a file that is not a .tar.gz, a damaged one, and one without a manifest, in words to act on', async () => {
    const text = path.join(dir, 'export.xml');
    writeFileSync(text, '<rss/>');
    await expect(readAll(text)).rejects.toThrow(/not a Folio archive: expected the \.tar\.gz/);

    const whole = await archive('whole', { 'manifest.json': manifest, 'records/users.ndjson': '' });
    const truncated = path.join(dir, 'truncated.tar.gz');
    const bytes = readFileSync(whole);
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 20));
    await expect(readAll(truncated)).rejects.toThrow(/damaged or truncated/);

    const bare = await archive('bare', { 'records/users.ndjson': '' });
    await expect(readAll(bare)).rejects.toThrow(/no manifest\.json/);

    const newer = await archive('newer', {
      'manifest.json': manifest.replace('"formatVersion":1', '"formatVersion":9'),
    });
    await expect(readAll(newer)).rejects.toThrow(/format version 9, newer than this Folio reads/);
  });

  it('names the file and line of a record that is not JSON', async () => {
    const bad = await archive('bad', {
      'manifest.json': manifest,
      'records/users.ndjson': '{"id":1,"login":"ada","displayName":"Ada","email":"a@example.com"}\n{"id":2,\n',
    });
    const error = await readAll(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportInputError);
    expect((error as ImportInputError).message).toMatch(/^line 2: records\/users\.ndjson: /);
  });

  it('says which site it is first, then yields authors with keys of their old ids', async () => {
    const good = await archive('good', {
      'manifest.json': manifest.replace('}', ',"blogTitle":"Old blog"}'),
      'records/users.ndjson': '{"id":7,"login":"ada","displayName":"Ada","email":"a@example.com"}\n',
    });
    const items = await readAll(good);
    expect(items[0]).toEqual({
      kind: 'source',
      identity: 'folio:https://old.example',
      title: 'Old blog',
      link: 'https://old.example',
    });
    expect(items[1]).toEqual({
      kind: 'author',
      key: 'user:7',
      login: 'ada',
      displayName: 'Ada',
      email: 'a@example.com',
    });
  });
});
