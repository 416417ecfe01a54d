/**
 * Front matter as Jekyll and Hugo write it: YAML between "---" lines, TOML
 * between "+++" lines, or a JSON object at the top. Parsed with the installed
 * yaml and smol-toml; a broken block names the file and the line in it.
 */
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { parse as parseToml, TomlError } from 'smol-toml';
import { ImportInputError } from '#app/importers/source.ts';

export type FrontMatter = Record<string, unknown>;

export interface MarkdownFile {
  /** null when the file has no front matter at all. */
  frontMatter: FrontMatter | null;
  body: string;
}

export function splitFrontMatter(text: string, fileName: string): MarkdownFile {
  const source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const fence = /^(---|\+\+\+)[ \t]*\n/.exec(source);
  if (fence) {
    const marker = fence[1]!;
    const end = new RegExp(`^(?:${marker === '---' ? '---|\\.\\.\\.' : '\\+\\+\\+'})[ \\t]*$`, 'm');
    const rest = source.slice(fence[0].length);
    const close = end.exec(rest);
    if (!close)
      throw new ImportInputError(`${fileName}: the front matter opened with ${marker} on line 1 is never closed`, 1);
    const block = rest.slice(0, close.index);
    const body = rest.slice(close.index + close[0].length).replace(/^\n/, '');
    return { frontMatter: marker === '---' ? yaml(block, fileName) : toml(block, fileName), body };
  }
  if (source.startsWith('{')) return json(source, fileName);
  return { frontMatter: null, body: source };
}

// The block starts on line 2 of the file, after the opening fence.
const FIRST_LINE = 2;

function yaml(block: string, fileName: string): FrontMatter {
  try {
    const value = parseYaml(block) as unknown;
    return isObject(value) ? value : {};
  } catch (error) {
    if (!(error instanceof YAMLParseError)) throw error;
    const position = error.linePos?.[0];
    throw new ImportInputError(
      `${fileName}: broken YAML front matter: ${error.message.split(' at line')[0]}`,
      (position?.line ?? 1) + FIRST_LINE - 1,
      position?.col,
    );
  }
}

function toml(block: string, fileName: string): FrontMatter {
  try {
    return parseToml(block);
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    throw new ImportInputError(
      `${fileName}: broken TOML front matter: ${error.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '')}`,
      error.line + FIRST_LINE - 1,
      error.column,
    );
  }
}

// Hugo's JSON front matter is an object at the top of the file, the body after it.
function json(source: string, fileName: string): MarkdownFile {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{') depth++;
    else if (char === '}' && --depth === 0) {
      try {
        const value = JSON.parse(source.slice(0, i + 1)) as unknown;
        return { frontMatter: isObject(value) ? value : {}, body: source.slice(i + 1).replace(/^\s*\n/, '') };
      } catch (error) {
        throw new ImportInputError(`${fileName}: broken JSON front matter: ${(error as Error).message}`, 1);
      }
    }
  }
  throw new ImportInputError(`${fileName}: the JSON front matter opened on line 1 is never closed`, 1);
}

function isObject(value: unknown): value is FrontMatter {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A front matter value as text: strings as they are, dates (TOML, YAML 1.1) in ISO form, numbers as written. */
export function fmText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  return undefined;
}

/** A list field: YAML/TOML arrays, or Jekyll's space- or comma-separated string. */
export function fmList(value: unknown, separator: RegExp = /[\s,]+/): string[] {
  if (Array.isArray(value)) return value.map(fmText).filter((item): item is string => Boolean(item));
  const text = fmText(value);
  return text ? text.split(separator).filter(Boolean) : [];
}
