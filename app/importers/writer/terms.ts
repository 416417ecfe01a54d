/**
 * Categories and tags. Tags become tags; categories become blog-style
 * sections (each nested category its own section) or, by choice, tags. An
 * existing section or tag with the same slug is adopted, not duplicated.
 */
import type { ImportedTerm } from '#app/importers/records.ts';
import { toSlug } from '#app/models/article/permalink.ts';
import { parseTagList } from '#app/models/tag.ts';
import { writeSection } from '#app/models/section.ts';
import { digestOf, writeOnce } from '#app/importers/writer/identity.ts';
import { count } from '#app/importers/report.ts';
import { skip, type WriterContext } from '#app/importers/writer/context.ts';
import { addRedirects } from '#app/importers/writer/redirects.ts';

export async function writeTerm(context: WriterContext, term: ImportedTerm): Promise<void> {
  const asSection = term.taxonomy === 'category' && context.options.categoriesAs === 'sections';
  if (asSection) await writeSectionTerm(context, term);
  else await writeTagTerm(context, term);
}

async function writeSectionTerm(context: WriterContext, term: ImportedTerm): Promise<void> {
  const { tx } = context;
  const name = term.name.trim().slice(0, 100) || term.slug;
  const slug = toSlug(safeDecode(term.slug)) || toSlug(name);
  if (!slug || !name) return unusable(context, term);
  const input = { name, slug, style: 'blog' as const };
  const { id } = await writeOnce(context, {
    kind: 'term',
    recordType: 'section',
    key: term.key,
    digest: digestOf(input),
    exists: async (id) => Boolean(await tx.section.findUnique({ where: { id }, select: { id: true } })),
    write: async (id) => {
      const adopted = id === undefined && (await tx.section.findUnique({ where: { slug }, select: { id: true } }));
      if (adopted) return { id: adopted.id, matched: true };
      return { id: (await writeSection(tx, input, id)).id };
    },
  });
  context.terms.set(term.key, { type: 'section', id, name });
  await addRedirects(context, term, { targetType: 'section', targetId: id });
}

async function writeTagTerm(context: WriterContext, term: ImportedTerm): Promise<void> {
  const { tx } = context;
  // The tag as an article's tag list would name it: replaceTags finds it by the same slug.
  const [name] = parseTagList([term.name.replaceAll(',', ' ')]);
  if (!name) return unusable(context, term);
  const slug = toSlug(name);
  const { id } = await writeOnce(context, {
    kind: 'term',
    recordType: 'tag',
    key: term.key,
    digest: digestOf({ name }),
    exists: async (id) => Boolean(await tx.tag.findUnique({ where: { id }, select: { id: true } })),
    write: async () => {
      const adopted = await tx.tag.findUnique({ where: { slug }, select: { id: true } });
      if (adopted) return { id: adopted.id, matched: true };
      return { id: (await tx.tag.create({ data: { name, slug } })).id };
    },
  });
  context.terms.set(term.key, { type: 'tag', id, name });
  await addRedirects(context, term, { targetType: 'tag', targetId: id });
}

function unusable(context: WriterContext, term: ImportedTerm): void {
  count(context.report, 'term', 'skipped');
  skip(context, {
    key: term.key,
    what: term.taxonomy,
    title: term.name,
    message: 'its name has no letter or digit Folio can put in an address',
  });
}

/** WordPress stores non-ASCII slugs percent-encoded. */
export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
