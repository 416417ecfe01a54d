import type { ImportOptions, ImportSource } from '#app/importers/source.ts';

// Placeholder until this source lands: its helper replaces this file.
export function openWxr(path: string, options: ImportOptions): ImportSource {
  void path;
  void options;
  throw new Error('the wxr importer is being written');
}
