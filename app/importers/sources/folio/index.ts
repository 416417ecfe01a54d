/**
 * Folio's own archive (`npm run export`, format folio) as an import source:
 * the round trip's way back. Unpacked to a temporary folder that lives as
 * long as the stream (attachments point into it), then read in the
 * archive's order: settings, authors, pages, sections, tags, uploads,
 * articles with their revisions, comments, redirects.
 */
import type { ImportOptions, ImportSource, ReadProgress, SourceItem } from '#app/importers/source.ts';
import type { ArchivedRecords, RecordFile } from '#app/exporters/folio/format.ts';
import { recordFiles } from '#app/exporters/folio/format.ts';
import { loadThemes } from '#app/themes/registry.ts';
import { readRecords, recordBytes, unpackArchive } from '#app/importers/sources/folio/archive.ts';
import * as map from '#app/importers/sources/folio/mapping.ts';

export function openFolioArchive(path: string, options: ImportOptions): ImportSource {
  void options;
  return { items: (onRead) => readArchive(path, onRead) };
}

async function* readArchive(file: string, onRead?: (progress: ReadProgress) => void): AsyncGenerator<SourceItem> {
  const archive = await unpackArchive(file);
  try {
    const { dir, manifest } = archive;
    yield { kind: 'source', identity: `folio:${manifest.baseUrl}`, title: manifest.blogTitle, link: manifest.baseUrl };
    const total = await recordBytes(dir, recordFiles);
    let done = 0;
    const onBytes = (bytes: number) => {
      done += bytes;
      onRead?.({ done: Math.min(done, total), total, unit: 'bytes' });
    };
    const records = <K extends RecordFile>(kind: K) => readRecords<ArchivedRecords[K]>(dir, kind, onBytes);
    const themes = [...loadThemes().keys()];

    for await (const s of records('settings')) yield* map.settings(s, themes);
    for await (const u of records('users')) yield map.author(u);
    for await (const p of records('pages')) yield map.page(p);
    // A blog has a handful of sections: in navigation order, each placed last as it is written, they keep their places.
    const sections = [];
    for await (const s of records('sections')) sections.push(s);
    sections.sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
    yield* sections.map(map.section);
    for await (const t of records('tags')) yield map.tag(t);
    for await (const a of records('assets')) yield map.attachment(a, dir);
    for await (const a of records('articles')) yield map.article(a);
    for await (const c of records('comments')) yield map.comment(c);
    for await (const r of records('redirects')) yield map.redirect(r);
  } finally {
    await archive.discard();
  }
}
