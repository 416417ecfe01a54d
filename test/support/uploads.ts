/** Files stored through the upload model, as the admin's library stores them, from test/fixtures/files. */
import { copyFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { storeUploads, type Upload } from '#app/models/upload.ts';
import { uploadDirs } from '#config/uploads.ts';
import type { Config } from '#config/environment.ts';
import type { User } from '#app/models/db.ts';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/files');
let counter = 0;

export async function storeFixture(config: Config, owner: User, name: string): Promise<Upload> {
  const dirs = uploadDirs(config);
  counter += 1;
  const incoming = path.join(dirs.temp, `incoming-${counter}-${name}`);
  copyFileSync(path.join(fixtures, name), incoming);
  const [upload] = await storeUploads([{ path: incoming, originalName: name, size: statSync(incoming).size }], owner, dirs);
  return upload!;
}
