/** Loading a recipe file (TypeScript, run by tsx): its default export, unchecked. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export class RecipeMissing extends Error {
  override name = 'RecipeMissing';
}

export async function loadRecipe(file: string): Promise<unknown> {
  const absolute = path.resolve(file);
  if (!existsSync(absolute))
    throw new RecipeMissing(
      `no recipe at ${file}: write one with npm run deploy -- init${file.endsWith('config/deploy.ts') ? '' : ` --config ${file}`}`,
    );
  const module = (await import(pathToFileURL(absolute).href)) as { default?: unknown };
  if (module.default === undefined)
    throw new RecipeMissing(`${file} has no default export: end it with export default defineRecipe({ ... })`);
  return module.default;
}
