/** Folio's version, from its package.json (read once): for export files, backup manifests and the webhook's User-Agent. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { appRoot } from '#app/root.ts';

let version: string | undefined;

export function folioVersion(): string {
  version ??=
    (JSON.parse(readFileSync(path.join(appRoot, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  return version;
}
