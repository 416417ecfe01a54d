/**
 * `init`: writes a commented starter recipe (what `capify` did), from
 * templates/recipe.ts.template. It never overwrites a recipe.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const template = new URL('../templates/recipe.ts.template', import.meta.url);

/** Writes the starter recipe to `file`; throws if something is there already. */
export function writeStarterRecipe(file: string): string {
  if (existsSync(file)) throw new Error(`${file} exists already; edit it, or give another path with --config`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, readFileSync(template, 'utf8'), { flag: 'wx' });
  return file;
}
