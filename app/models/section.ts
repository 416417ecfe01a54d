/** Sections: the blog's navigation. A "blog" section lists its articles; a "page" section shows one page. */
import { db } from '#app/models/db.ts';
import { cachedFor } from '#app/models/process-cache.ts';

export const sectionStyles = ['blog', 'page'] as const;

const navigation = cachedFor(1000, () =>
  db.section.findMany({ orderBy: [{ position: 'asc' }, { name: 'asc' }], select: { id: true, name: true, slug: true, style: true } }),
);

/** The sections in navigation order (cached briefly: every page shows them). */
export function navigationSections() {
  return navigation.get();
}

/** Call after any section write. */
export function forgetNavigation(): void {
  navigation.forget();
}

export function findSection(slug: string) {
  return db.section.findUnique({ where: { slug }, include: { page: true } });
}
