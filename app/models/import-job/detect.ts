/**
 * What an uploaded export is, from its first bytes: enough to pick the
 * format when the form says "detect", and to refuse at once a file that
 * cannot be what the form says (a Ghost JSON sent as WordPress), before a
 * job exists. The source still reads the whole file and names the line of
 * anything wrong inside it.
 */
import { open } from 'node:fs/promises';
import type { ImportFormat } from '#app/importers/source.ts';

export type FileShape = 'wxr' | 'feed' | 'xml' | 'json' | 'archive' | 'sqlite' | 'sql' | 'unknown';

const headBytes = 64 * 1024;

/** Which format each shape can be read as; the first is the one "detect" picks. */
const formatsByShape: Record<FileShape, readonly ImportFormat[]> = {
  wxr: ['wxr', 'feed'],
  feed: ['feed'],
  xml: [],
  json: ['ghost', 'folio'],
  archive: ['markdown', 'folio'],
  sqlite: ['typo', 'mephisto'],
  sql: ['typo', 'mephisto'],
  unknown: [],
};

const shapeNames: Record<FileShape, string> = {
  wxr: 'a WordPress export (WXR)',
  feed: 'an RSS or Atom feed',
  xml: 'an XML file that is neither a WordPress export nor a feed',
  json: 'a JSON file',
  archive: 'an archive (.zip or .tar.gz)',
  sqlite: 'an SQLite database',
  sql: 'an SQL dump',
  unknown: 'a file of no format Folio imports',
};

export async function fileShape(file: string): Promise<FileShape> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(headBytes);
    const { bytesRead } = await handle.read(buffer, 0, headBytes, 0);
    return shapeOf(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

export function shapeOf(head: Buffer): FileShape {
  if (head.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'))) return 'archive';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'archive';
  if (head.subarray(0, 16).toString('latin1') === 'SQLite format 3\0') return 'sqlite';
  const text = head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (text.startsWith('<')) {
    if (/xmlns:wp="http:\/\/wordpress\.org\/export\//.test(text)) return 'wxr';
    if (/<(rss|feed|rdf:RDF)[\s>]/.test(text)) return 'feed';
    return 'xml';
  }
  if (text.startsWith('{') || text.startsWith('[')) return 'json';
  if (/^(--|\/\*|CREATE\s|DROP\s|SET\s|INSERT\s|LOCK\s)/i.test(text)) return 'sql';
  return 'unknown';
}

/**
 * The format to read a file of this shape as: the one chosen when the file
 * can be it, the likeliest when "detect" was chosen, else a message saying
 * what the file looks like and what to choose instead.
 */
export function formatFor(
  shape: FileShape,
  chosen: ImportFormat | 'detect',
): { format: ImportFormat } | { problem: string } {
  const possible = formatsByShape[shape];
  if (chosen !== 'detect') {
    if (possible.includes(chosen)) return { format: chosen };
    return { problem: `This file looks like ${shapeNames[shape]}, which cannot be read as ${formatLabels[chosen]}.` };
  }
  if (possible.length === 0) return { problem: `This file looks like ${shapeNames[shape]}.` };
  if (shape === 'sqlite' || shape === 'sql')
    return { problem: `This file looks like ${shapeNames[shape]}: choose whether it is Typo’s or Mephisto’s.` };
  return { format: possible[0]! };
}

/** The formats as the form names them. */
export const formatLabels: Record<ImportFormat, string> = {
  wxr: 'a WordPress export (WXR)',
  ghost: 'a Ghost export (JSON)',
  feed: 'an RSS or Atom feed',
  markdown: 'a folder of Markdown files (.zip or .tar.gz)',
  typo: 'a Typo database (SQLite or MySQL dump)',
  mephisto: 'a Mephisto database (SQLite or MySQL dump)',
  folio: 'a Folio archive',
};
