/**
 * The `markdown` export: a .tar.gz a static site generator can start from.
 *   posts/YYYY-MM-DD-slug.md   one per article (drafts dated by when they were written)
 *   pages/slug.md              one per page
 *   uploads/<storedName>       the uploads, at the paths the bodies link to (/uploads/...)
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { currentSettings } from '#app/models/settings.ts';
import type { ExportContext } from '#app/exporters/context.ts';
import { readArticles, readPages } from '#app/exporters/batches.ts';
import { linkInto, openTarball, stagingFolder } from '#app/exporters/output.ts';
import { articleDocument, pageDocument } from '#app/exporters/markdown/front-matter.ts';
import { publicationDay } from '#app/models/article/permalink.ts';

export async function writeMarkdownArchive(out: Writable, context: ExportContext): Promise<void> {
  const { timeZone } = await currentSettings();
  const staging = await stagingFolder();
  try {
    const tarball = openTarball(out, staging.dir, /(^|\/)\.incoming(\/|$)/);
    await mkdir(path.join(staging.dir, 'posts'));
    await mkdir(path.join(staging.dir, 'pages'));
    const used = new Set<string>();
    for await (const article of readArticles()) {
      const day = article.publishedOn ?? publicationDay(article.createdAt, timeZone);
      const file = `posts/${uniqueName(used, `${day}-${article.slug}`, article.id)}`;
      await writeFile(path.join(staging.dir, file), articleDocument(article, timeZone, context.now));
      tarball.add(file);
    }
    for await (const page of readPages()) {
      const file = `pages/${page.slug}.md`;
      await writeFile(path.join(staging.dir, file), pageDocument(page, timeZone));
      tarball.add(file);
    }
    if (await linkInto(staging.dir, 'uploads', context.uploadsRoot)) tarball.add('uploads');
    await tarball.finish();
  } finally {
    await staging.discard();
  }
}

/** Drafts may share a day and a slug: the later one gets its id appended. */
function uniqueName(used: Set<string>, stem: string, id: number): string {
  const name = used.has(`${stem}.md`) ? `${stem}-${id}.md` : `${stem}.md`;
  used.add(name);
  return name;
}
