/**
 * What kind of folder this is (a Jekyll site, a Hugo site, or just Markdown
 * files) and what its configuration says about time zone and addresses.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parse as parseToml } from 'smol-toml';
import { ImportInputError } from '#app/importers/source.ts';
import { validZone } from '../shared/dates.ts';
import { fmText, type FrontMatter } from './front-matter.ts';

export interface MarkdownSite {
  kind: 'jekyll' | 'hugo' | 'plain';
  root: string;
  title: string;
  url: string;
  /** A path prefix the old site lived under ("/blog"), or ''. */
  basePath: string;
  timeZone: string | undefined;
  /** Jekyll: the permalink style or pattern. Hugo: patterns by section. */
  permalink: string;
  hugoPermalinks: Record<string, string>;
}

const JEKYLL_CONFIGS = ['_config.yml', '_config.yaml'];
const HUGO_CONFIGS = [
  'hugo.toml',
  'hugo.yaml',
  'hugo.yml',
  'hugo.json',
  'config.toml',
  'config.yaml',
  'config.yml',
  'config.json',
];

export function readSite(root: string): MarkdownSite {
  const jekyll = JEKYLL_CONFIGS.find((name) => existsSync(join(root, name)));
  const hugo = HUGO_CONFIGS.find((name) => existsSync(join(root, name)));
  const kind =
    jekyll || existsSync(join(root, '_posts'))
      ? 'jekyll'
      : hugo || existsSync(join(root, 'content'))
        ? 'hugo'
        : 'plain';
  const configName = kind === 'jekyll' ? jekyll : kind === 'hugo' ? hugo : undefined;
  const config = configName ? readConfig(join(root, configName), configName) : {};
  const url = (fmText(config.url) ?? fmText(config.baseURL) ?? fmText(config.baseurl) ?? '').replace(/\/+$/, '');
  const baseurl = kind === 'jekyll' ? (fmText(config.baseurl) ?? '') : pathOf(fmText(config.baseURL) ?? '');
  const permalinks = config.permalinks as Record<string, unknown> | undefined;
  const hugoPermalinks = Object.fromEntries(
    Object.entries((permalinks?.page as Record<string, unknown> | undefined) ?? permalinks ?? {}).flatMap(
      ([section, pattern]) => (typeof pattern === 'string' ? [[section, pattern]] : []),
    ),
  );
  return {
    kind,
    root,
    title: fmText(config.title) ?? 'Markdown',
    url,
    basePath: baseurl.replace(/\/+$/, '').replace(/^(?!\/|$)/, '/'),
    timeZone: validZone(fmText(config.timezone) ?? fmText(config.timeZone)),
    permalink: fmText(config.permalink) ?? 'date',
    hugoPermalinks,
  };
}

function readConfig(path: string, name: string): FrontMatter {
  const text = readFileSync(path, 'utf8');
  try {
    const value = (
      name.endsWith('.toml') ? parseToml(text) : name.endsWith('.json') ? JSON.parse(text) : parseYaml(text)
    ) as unknown;
    return typeof value === 'object' && value !== null ? (value as FrontMatter) : {};
  } catch (error) {
    throw new ImportInputError(
      `${name}: the site's configuration cannot be read: ${(error as Error).message.split('\n')[0]}`,
    );
  }
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}
