/** Reads a WXR fixture through the source, for the wxr*.test.ts files. */
import { defaultImportOptions, type ImportOptions, type SourceItem } from '#app/importers/source.ts';
import { openWxr } from '#app/importers/sources/wxr/index.ts';

export const wordpressFixtures = new URL('../../fixtures/import/wordpress/', import.meta.url).pathname;

export async function readWxr(file: string, options: Partial<ImportOptions> = {}): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  const source = openWxr(file.startsWith('/') ? file : wordpressFixtures + file, {
    ...defaultImportOptions,
    ...options,
  });
  for await (const item of source.items()) items.push(item);
  return items;
}

export function byKey<K extends SourceItem['kind']>(
  items: SourceItem[],
  kind: K,
  key: string,
): Extract<SourceItem, { kind: K }> {
  const found = items.find((item) => item.kind === kind && 'key' in item && item.key === key);
  if (!found) throw new Error(`no ${kind} ${key}`);
  return found as Extract<SourceItem, { kind: K }>;
}
