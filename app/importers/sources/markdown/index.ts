/**
 * A folder of Markdown files with front matter: a Jekyll site (_posts,
 * _drafts, pages), a Hugo site (content/<section>/, page bundles), or plain
 * Markdown files. Each file becomes an article or page whose body stays
 * Markdown, with the addresses the old site served it at.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import type { ImportOptions, ImportSource, ReadProgress, SourceItem } from '#app/importers/source.ts';
import { ImportInputError } from '#app/importers/source.ts';
import { mapFile, type FileRole } from './entry.ts';
import { splitFrontMatter } from './front-matter.ts';
import { readSite, type MarkdownSite } from './site.ts';

const MARKDOWN = /\.(md|markdown|mdown|mkd|mkdn)$/i;
// Build output, dependencies and theme code: nothing there is content.
const SKIPPED_FOLDERS = new Set([
  'node_modules',
  '.git',
  '_site',
  'public',
  'resources',
  'vendor',
  '.jekyll-cache',
  'themes',
  '_layouts',
  '_includes',
  '_sass',
  '_data',
  'layouts',
  'archetypes',
  'assets',
  'static',
  'images',
]);
const NOT_CONTENT = /^(readme|license|licence|changelog|contributing|code_of_conduct|404|index|_index)\.[^.]+$/i;

export function openMarkdownFolder(path: string, options: ImportOptions): ImportSource {
  void options;
  return {
    async *items(onRead?: (progress: ReadProgress) => void): AsyncIterable<SourceItem> {
      const root = resolve(path);
      if (!(await stat(root).catch(() => null))?.isDirectory()) {
        throw new ImportInputError(`${path} is not a folder: the markdown format imports a folder of Markdown files`);
      }
      const site = readSite(root);
      yield {
        kind: 'source',
        identity: `markdown:${site.url || `folder:${basename(root)}`}`,
        title: site.title,
        link: site.url,
      };
      const { files, ignored } = await listFiles(root);
      const now = new Date();
      const seen = new Set<string>();
      let done = 0;
      for (const file of files) {
        const name = relative(root, file).split(sep).join('/');
        const role = roleOf(name, site);
        const { frontMatter, body } = splitFrontMatter(await readFile(file, 'utf8'), name);
        onRead?.({ done: ++done, total: files.length, unit: 'files' });
        if (!role || (frontMatter === null && site.kind !== 'plain')) {
          const reason = !role
            ? 'not a post or page of this site (a list page, a README, a collection)'
            : 'it has no front matter, so the site did not publish it';
          yield { kind: 'skipped', key: `file:${name}`, what: 'file', title: name, reason };
          continue;
        }
        for (const record of mapFile(file, role, frontMatter ?? {}, body, site, now)) {
          if (record.kind !== 'article' && record.kind !== 'page' && seen.has(record.key)) continue;
          seen.add(record.key);
          yield record;
        }
      }
      if (!files.length) throw new ImportInputError(`${path} holds no Markdown files (.md, .markdown)`);
      if (ignored)
        yield {
          kind: 'note',
          message:
            ignored === 1
              ? '1 file that is not Markdown was ignored'
              : `${ignored} files that are not Markdown were ignored`,
        };
    },
  };
}

/** What a file is in this kind of site; undefined for files that are not posts or pages. */
function roleOf(name: string, site: MarkdownSite): FileRole | undefined {
  const parts = name.split('/');
  const fileName = parts[parts.length - 1]!;
  if (site.kind === 'jekyll') {
    if (parts.includes('_posts')) return 'post';
    if (parts.includes('_drafts')) return 'draft';
    if (parts.some((part) => part.startsWith('_')) || NOT_CONTENT.test(fileName)) return undefined;
    return 'page';
  }
  if (site.kind === 'hugo') {
    if (parts[0] !== 'content' || fileName.startsWith('_index.')) return undefined;
    return parts.length === 2 ? 'page' : 'post';
  }
  return /^(readme|license|licence|changelog)\./i.test(fileName) ? undefined : 'post';
}

async function listFiles(root: string): Promise<{ files: string[]; ignored: number }> {
  const files: string[] = [];
  let ignored = 0;
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) await walk(full);
      } else if (entry.isFile() && MARKDOWN.test(entry.name)) files.push(full);
      else if (entry.isFile() && !entry.name.startsWith('.')) ignored++;
    }
  };
  await walk(root);
  return { files, ignored };
}
