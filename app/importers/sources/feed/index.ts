import type { ImportOptions, ImportSource } from '#app/importers/source.ts';

// Placeholder until this source lands: its helper replaces this file.
export function openFeed(path: string, options: ImportOptions): ImportSource {
  void path;
  void options;
  throw new Error('the feed importer is being written');
}
