/**
 * A source for the writer's tests: yields the items it is given, as a real
 * source yields what it parsed (and can fail after N of them, as a
 * truncated file does). Test input, not a stand-in: the writer takes any
 * ImportSource, and the real ones are tested with real export files.
 */
import { ImportInputError, type ImportSource, type SourceItem } from '#app/importers/source.ts';

export const siteInfo: SourceItem = {
  kind: 'source',
  identity: 'test:https://old.example',
  title: 'The old blog',
  link: 'https://old.example',
};

export function sourceOf(items: SourceItem[], options: { failAfter?: number } = {}): ImportSource {
  return {
    async *items(onRead) {
      let n = 0;
      for (const item of [siteInfo, ...items]) {
        if (options.failAfter !== undefined && n === options.failAfter)
          throw new ImportInputError('unexpected end of file', 120, 7);
        // A source reads as it yields: each item arrives on a later turn, as from a file.
        await Promise.resolve();
        n += 1;
        onRead?.({ done: n, total: items.length + 1, unit: 'bytes' });
        yield item;
      }
    },
  };
}
