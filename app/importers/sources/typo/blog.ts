/**
 * What a Typo database says about the blog as a whole: its address and
 * title (blogs.base_url and the settings YAML), its permalink format (Typo
 * 5's setting; Typo 4 had one fixed format), and its text filters.
 */
import { parse } from 'yaml';
import type { ImportedBody } from '#app/importers/records.ts';
import { text, integer } from '#app/importers/sources/old-database/cells.ts';
import type { OldDatabase, Row } from '#app/importers/sources/old-database/types.ts';
import { replaceCodeMacros } from '#app/importers/sources/old-database/html.ts';
import { textileToHtml } from '#app/importers/sources/old-database/textile.ts';

export interface TypoBlog {
  baseUrl: string;
  title: string;
  permalinkFormat: string;
  /** The blog's default filter's name, for contents that name none. */
  defaultFilter: string;
  filters: Map<string, TypoFilter>;
}

export interface TypoFilter {
  name: string;
  markup: string;
  smartypants: boolean;
}

export async function readTypoBlog(db: OldDatabase): Promise<TypoBlog> {
  const [blog] = await db.all('blogs');
  const settings = blog ? settingsOf(text(blog, 'settings')) : {};
  const setting = (name: string) => {
    const value = settings[name] ?? settings[`:${name}`];
    return typeof value === 'string' ? value : '';
  };
  const baseUrl = (blog ? text(blog, 'base_url') : '') || setting('canonical_server_url') || setting('base_url');
  const filters = new Map<string, TypoFilter>();
  for (const row of await db.all('text_filters')) {
    const filter = filterOf(row);
    filters.set(`id:${integer(row, 'id')}`, filter);
    filters.set(`name:${filter.name}`, filter);
  }
  return {
    baseUrl: baseUrl.replace(/\/+$/, ''),
    title: setting('blog_name') || 'Typo blog',
    permalinkFormat: setting('permalink_format') || '/%year%/%month%/%day%/%title%',
    defaultFilter: setting('text_filter') || 'markdown smartypants',
    filters,
  };
}

/** blogs.settings: YAML Ruby wrote, tagged !map:HashWithIndifferentAccess; unreadable settings are as good as none. */
function settingsOf(yaml: string): Record<string, unknown> {
  if (!yaml.trim()) return {};
  try {
    const value: unknown = parse(yaml, { logLevel: 'silent' });
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function filterOf(row: Row): TypoFilter {
  const name = text(row, 'name');
  let listed: unknown = [];
  try {
    listed = parse(text(row, 'filters') || '[]', { logLevel: 'silent' });
  } catch {
    listed = [];
  }
  const smartypants =
    (Array.isArray(listed) && listed.some((f) => String(f).replace(/^:/, '') === 'smartypants')) ||
    /smartypants/i.test(name);
  return { name, markup: text(row, 'markup') || markupNamed(name), smartypants };
}

function markupNamed(name: string): string {
  if (/markdown/i.test(name)) return 'markdown';
  if (/textile/i.test(name)) return 'textile';
  return 'none';
}

/** The filter a row was written in: its text_filter_id (or, in some versions, the filter's name), else the blog's default. */
export function filterFor(row: Row, blog: TypoBlog): TypoFilter {
  const id = row.text_filter_id;
  const byId =
    id !== null && id !== undefined && id !== ''
      ? blog.filters.get(/^\d+$/.test(String(id)) ? `id:${Number(id)}` : `name:${String(id)}`)
      : undefined;
  const name = text(row, 'text_filter');
  return (
    byId ??
    (name ? blog.filters.get(`name:${name}`) : undefined) ??
    blog.filters.get(`name:${blog.defaultFilter}`) ?? {
      name: blog.defaultFilter,
      markup: markupNamed(blog.defaultFilter),
      smartypants: /smartypants/i.test(blog.defaultFilter),
    }
  );
}

export interface ConvertedBody {
  body: ImportedBody;
  notes: string[];
}

/**
 * Typo's text in its filter, as Folio keeps it: Markdown stays source (with
 * or without SmartyPants), Textile becomes HTML once, HTML stays HTML.
 * <typo:code> blocks become code blocks; other <typo:...> macros are noted.
 */
export async function convertBody(source: string, filter: TypoFilter): Promise<ConvertedBody> {
  const notes: string[] = [];
  if (filter.markup === 'markdown') {
    const { text: converted, unknown } = replaceCodeMacros(source, 'markdown');
    noteMacros(unknown, notes);
    return {
      body: {
        format: 'source',
        source: converted,
        textFilter: filter.smartypants ? 'smartypants-markdown' : 'markdown',
      },
      notes,
    };
  }
  if (filter.markup === 'textile') {
    const { text: converted, unknown } = replaceCodeMacros(source, 'html');
    noteMacros(unknown, notes);
    const result = await textileToHtml(converted);
    if (!result.converted) notes.push('Textile kept as plain paragraphs: the textile-js package is not installed');
    return { body: { format: 'html', html: result.html }, notes };
  }
  const { text: converted, unknown } = replaceCodeMacros(source, 'html');
  noteMacros(unknown, notes);
  return { body: { format: 'html', html: converted }, notes };
}

function noteMacros(unknown: string[], notes: string[]): void {
  if (unknown.length)
    notes.push(`macros Folio does not have, left in the text as written: ${unknown.map((m) => `<${m}>`).join(', ')}`);
}
