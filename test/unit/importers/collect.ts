/** Reads a source to the end, for tests: every item it yields, and helpers to find them. */
import { fileURLToPath } from 'node:url';
import {
  defaultImportOptions,
  type ImportOptions,
  type ImportSource,
  type ReadProgress,
  type SourceItem,
} from '#app/importers/source.ts';
import type { ImportedRecord } from '#app/importers/records.ts';

export const fixture = (...parts: string[]): string =>
  fileURLToPath(new URL(`../../fixtures/import/${parts.join('/')}`, import.meta.url));

export const options = (overrides: Partial<ImportOptions> = {}): ImportOptions => ({
  ...defaultImportOptions,
  ...overrides,
});

export interface Collected {
  items: SourceItem[];
  progress: ReadProgress[];
  byKey: <K extends ImportedRecord['kind']>(kind: K, key: string) => Extract<ImportedRecord, { kind: K }>;
  ofKind: <K extends SourceItem['kind']>(kind: K) => Extract<SourceItem, { kind: K }>[];
}

export async function collect(source: ImportSource): Promise<Collected> {
  const items: SourceItem[] = [];
  const progress: ReadProgress[] = [];
  for await (const item of source.items((read) => progress.push({ ...read }))) items.push(item);
  const ofKind = <K extends SourceItem['kind']>(kind: K) =>
    items.filter((item): item is Extract<SourceItem, { kind: K }> => item.kind === kind);
  return {
    items,
    progress,
    ofKind,
    byKey: (kind, key) => {
      const found = ofKind(kind).find((item) => 'key' in item && item.key === key);
      if (!found)
        throw new Error(
          `no ${kind} ${key}; have ${ofKind(kind)
            .map((item) => ('key' in item ? item.key : ''))
            .join(', ')}`,
        );
      return found;
    },
  };
}

/** The error a source throws while reading, for the assertions on its message. */
export async function readError(source: () => ImportSource): Promise<Error> {
  try {
    await collect(source());
  } catch (error) {
    return error as Error;
  }
  throw new Error('the source read without an error');
}
