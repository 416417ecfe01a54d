/**
 * Pages, through the admin's own write (writePage). Folio pages are always
 * public, so a page that was not public on the old site (draft, private,
 * scheduled) is skipped with its reason rather than published by the move.
 */
import type { ImportedPage } from '#app/importers/records.ts';
import { writePage } from '#app/models/page.ts';
import { toSlug } from '#app/models/article/permalink.ts';
import { ValidationError } from '#app/models/validation.ts';
import { count } from '#app/importers/report.ts';
import { digestOf, writeOnce } from '#app/importers/writer/identity.ts';
import { note, skip, type WriterContext } from '#app/importers/writer/context.ts';
import { safeDecode } from '#app/importers/writer/terms.ts';
import { bodyFields, usableTitle } from '#app/importers/writer/bodies.ts';
import { addRedirects } from '#app/importers/writer/redirects.ts';

export async function writePageRecord(context: WriterContext, record: ImportedPage): Promise<void> {
  const { tx } = context;
  const title = usableTitle(record.title);
  if (record.status !== 'published') {
    count(context.report, 'page', 'skipped');
    skip(context, {
      key: record.key,
      what: 'page',
      title,
      message: `it was not public on the old site (${record.status}), and every Folio page is: add it by hand if you want it`,
    });
    return;
  }
  const { bodySource, textFilter } = bodyFields(record.body);
  const slug = (toSlug(safeDecode(record.slug)) || toSlug(title) || toSlug(record.key)).slice(0, 120);
  const input = { title, slug, bodySource, textFilter };
  let written: { id: number; action: string };
  try {
    written = await writeOnce(context, {
      kind: 'page',
      recordType: 'page',
      key: record.key,
      digest: digestOf({ record, input }),
      exists: async (id) => Boolean(await tx.page.findUnique({ where: { id }, select: { id: true } })),
      write: async (id) => {
        const page = await writePage(tx, input, {
          id,
          slugClash: 'suffix',
          createdAt: record.createdAt,
          updatedAt: record.updatedAt ?? record.createdAt,
        });
        if (page.slug !== slug)
          note(context, {
            key: record.key,
            what: 'page',
            title,
            message: `another page had the slug "${slug}": it is "${page.slug}" now`,
          });
        return { id: page.id };
      },
    });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    count(context.report, 'page', 'skipped');
    skip(context, { key: record.key, what: 'page', title, message: error.message });
    return;
  }
  context.pages.set(record.key, written.id);
  if (written.action !== 'unchanged') context.touched.pages.add(written.id);
  for (const message of record.notes ?? []) note(context, { key: record.key, what: 'page', title, message });
  await addRedirects(context, record, { targetType: 'page', targetId: written.id });
}
