/** What the article editor offers to choose from: sections, known tags (for suggestions) and text filters. */
import { db } from '#app/models/db.ts';
import { textFilterNames } from '#app/text-filters/index.ts';

const suggestedTags = 500;

export async function editorOptions() {
  const [sections, tags] = await Promise.all([
    db.section.findMany({ orderBy: [{ position: 'asc' }, { name: 'asc' }], select: { id: true, name: true } }),
    db.tag.findMany({ orderBy: { name: 'asc' }, select: { name: true }, take: suggestedTags }),
  ]);
  return { sections, tagNames: tags.map((t) => t.name), textFilters: textFilterNames };
}
