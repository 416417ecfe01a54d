/**
 * A Ghost export read whole: it is one JSON document, and no installed
 * library streams JSON. Ghost exports hold text only (images are not in
 * them), so even large sites are tens of megabytes; past the guard we say so
 * rather than exhaust memory.
 */
import { readFile, stat } from 'node:fs/promises';
import { ImportInputError } from '#app/importers/source.ts';
import type { GhostData, GhostMeta } from './schema.ts';

export const MAX_GHOST_EXPORT_BYTES = 256 * 1024 * 1024;

export interface GhostExport {
  meta: GhostMeta;
  data: GhostData;
  bytes: number;
}

export async function readGhostExport(path: string): Promise<GhostExport> {
  const { size } = await stat(path);
  if (size > MAX_GHOST_EXPORT_BYTES) {
    throw new ImportInputError(
      `this Ghost export is ${Math.round(size / 1048576)} MB; Ghost exports are read whole and the limit is ${MAX_GHOST_EXPORT_BYTES / 1048576} MB`,
    );
  }
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  const document = parseJson(text);
  // Ghost 1+ wraps the export in {"db": [{meta, data}]}; Ghost 0.x and some tools write {meta, data}.
  const entry = isObject(document) && Array.isArray(document.db) ? (document.db[0] as unknown) : document;
  if (!isObject(entry) || !isObject(entry.data) || !Array.isArray(entry.data.posts)) {
    throw new ImportInputError(
      'this is JSON but not a Ghost export: expected {"db":[{"meta":…,"data":{"posts":[…]}}]}',
    );
  }
  return {
    meta: isObject(entry.meta) ? entry.meta : {},
    data: entry.data as unknown as GhostData,
    bytes: size,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const offset = position ? Number(position[1]) : text.length;
    const { line, column } = lineAndColumn(text, offset);
    const what = message
      .replace(/\s*in JSON at position \d+.*$/s, '')
      .replace(/^Unexpected end of JSON input$/, 'unexpected end');
    // An error at the very end means the document stopped, not that it was mistyped.
    const truncated = offset >= text.trimEnd().length - 1 ? ': the file ends before the JSON does (truncated?)' : '';
    throw new ImportInputError(`malformed JSON: ${what}${truncated}`, line, column);
  }
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
