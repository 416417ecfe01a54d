/** Each format's source, loaded only when asked for. */
import type { ImportFormat, ImportOptions, ImportSource } from '#app/importers/source.ts';

type SourceOpener = (path: string, options: ImportOptions) => ImportSource;

const openers: Record<ImportFormat, () => Promise<SourceOpener>> = {
  wxr: async () => (await import('#app/importers/sources/wxr/index.ts')).openWxr,
  ghost: async () => (await import('#app/importers/sources/ghost/index.ts')).openGhost,
  feed: async () => (await import('#app/importers/sources/feed/index.ts')).openFeed,
  markdown: async () => (await import('#app/importers/sources/markdown/index.ts')).openMarkdownFolder,
  typo: async () => (await import('#app/importers/sources/typo/index.ts')).openTypo,
  mephisto: async () => (await import('#app/importers/sources/mephisto/index.ts')).openMephisto,
  folio: async () => (await import('#app/importers/sources/folio/index.ts')).openFolioArchive,
};

export async function openSource(format: ImportFormat, path: string, options: ImportOptions): Promise<ImportSource> {
  return (await openers[format]())(path, options);
}
