/** The Typo and Mephisto tests' helpers: build a SQLite fixture from its SQL script, read a source to the end. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { ImportSource, SourceItem } from '#app/importers/source.ts';

/** A fresh temp dir per call; remove it with the returned cleanup. */
export async function scratchDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'folio-old-db-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Runs the fixture's SQL script into a new SQLite file, as the old engine's adapter would have written it. */
export async function sqliteFromScript(script: string, dir: string, name: string): Promise<string> {
  const path = join(dir, name);
  const db = new Database(path);
  db.exec(await readFile(script, 'utf8'));
  db.close();
  return path;
}

export async function readAll(source: ImportSource): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  for await (const item of source.items()) items.push(item);
  return items;
}

/** The item with this key and kind, or a failure naming what was there. */
export function byKey<K extends SourceItem['kind']>(
  items: SourceItem[],
  kind: K,
  key: string,
): Extract<SourceItem, { kind: K }> {
  const found = items.find((item) => item.kind === kind && 'key' in item && item.key === key);
  if (!found)
    throw new Error(
      `no ${kind} ${key} among ${items.map((item) => ('key' in item ? `${item.kind}:${item.key}` : item.kind)).join(', ')}`,
    );
  return found as Extract<SourceItem, { kind: K }>;
}
