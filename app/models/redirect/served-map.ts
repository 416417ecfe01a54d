/**
 * The redirects as a file Apache answers from without a worker (a RewriteMap
 * of type txt, which Apache rereads when its mtime changes): one line per old
 * address, "key absolute-target". The workers keep it current once
 * `npm run config:apache` has created it in the data dir; while there is no
 * file nothing is written (no web server reads it).
 *
 * Only what Apache can match as it stands is written: a path without spaces or
 * characters whose encoding is ambiguous, and a query of one plain
 * "name=value" (WordPress "/?p=123"). Anything else (a query with campaign tags
 * to drop, several parameters to sort) reaches a worker, which answers it.
 * Record targets are resolved when the file is written, so it is rewritten
 * (debounced) when records change, when a worker answers an address the file
 * should have had (a scheduled article went live), and every few minutes for
 * what other app hosts changed.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '#config/environment.ts';
import type { Clock } from '#app/clock.ts';
import { db } from '#app/models/db.ts';
import { onChange, type RecordType } from '#app/models/changes.ts';
import { currentTargets } from '#app/models/redirect/target.ts';
import { normalizeAddress } from '#app/models/redirect/address.ts';
import { absoluteUrl } from '#app/helpers/permalinks.ts';

const header = "# Kept by Folio's workers (app/models/redirect/served-map.ts): old address, then where it lives now.";

export function servedMapFile(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, 'redirects.map');
}

/** An empty map, if there is none yet (the config command: Apache needs the file to start). */
export function createServedMap(file: string): void {
  if (!existsSync(file)) writeFileSync(file, header + '\n', { mode: 0o644 });
}

/** The map's key for an old address, as Apache's rules spell a request (path decoded, query raw); null if it cannot. */
export function servedKey(fromPath: string): string | null {
  const [encodedPath = '', query = ''] = fromPath.split('?', 2) as [string, string?];
  let decoded: string;
  try {
    decoded = decodeURIComponent(encodedPath);
  } catch {
    return null;
  }
  if (/[\s%?#\\]|\p{Cc}/u.test(decoded)) return null;
  if (query && !/^[A-Za-z0-9_.-]+=[A-Za-z0-9_.-]+$/.test(query)) return null;
  return query ? `${decoded}?${query}` : decoded;
}

/** The file's text: a line per servable redirect whose target readers may see, and that is not its own address. */
export function servedMapText(rows: readonly { fromPath: string; target: string | null }[], baseUrl: string): string {
  const lines = [header];
  for (const { fromPath, target } of rows) {
    const key = servedKey(fromPath);
    if (!key || !target || /\s/.test(target)) continue;
    if (target.startsWith('/') && normalizeAddress(target) === fromPath) continue;
    lines.push(`${key} ${target.startsWith('/') ? absoluteUrl(baseUrl, target) : target}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Keeps the file current from this process (once it exists). */
export function keepServedMap(config: Config, logger: Logger, clock: Clock): ServedMap {
  return new ServedMap(servedMapFile(config), config.baseUrl, logger, clock);
}

const followed = new Set<RecordType>(['redirect', 'article', 'page', 'section', 'tag', 'user']);
const debounceMs = 300;
const refreshMs = 5 * 60_000;

export class ServedMap {
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();
  #keys = new Set<string>();
  readonly #refresh: NodeJS.Timeout;
  readonly #unsubscribe: () => void;

  constructor(
    readonly file: string,
    private readonly baseUrl: string,
    private readonly logger: Logger,
    private readonly clock: Clock,
  ) {
    this.#unsubscribe = onChange((change) => {
      if (followed.has(change.type)) this.schedule();
    });
    this.#refresh = setInterval(() => this.schedule(), refreshMs).unref();
    this.schedule();
  }

  /** A worker answered this address: if the file should have had it, it is out of date. */
  answered(fromPath: string): void {
    const key = servedKey(fromPath);
    if (key && !this.#keys.has(key) && existsSync(this.file)) this.schedule();
  }

  /** Writes soon, once for a burst of changes. */
  schedule(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.write(), debounceMs).unref();
  }

  /** Writes now (after any write under way); never throws: a failure is logged, and the next change tries again. */
  write(): Promise<void> {
    this.#writing = this.#writing.then(() =>
      this.#write().catch((error: unknown) => this.logger.error({ err: error }, 'redirects: could not write the map')),
    );
    return this.#writing;
  }

  close(): void {
    clearTimeout(this.#timer);
    clearInterval(this.#refresh);
    this.#unsubscribe();
  }

  async #write(): Promise<void> {
    if (!existsSync(this.file)) return;
    const rows: { fromPath: string; target: string | null }[] = [];
    const now = this.clock.now();
    for (let after = 0; ;) {
      const batch = await db.redirect.findMany({ where: { id: { gt: after } }, orderBy: { id: 'asc' }, take: 5000 });
      if (!batch.length) break;
      const targets = await currentTargets(batch, now);
      for (const row of batch) rows.push({ fromPath: row.fromPath, target: targets.get(row.id) ?? null });
      after = batch[batch.length - 1]!.id;
    }
    const text = servedMapText(rows, this.baseUrl);
    const temporary = `${this.file}.${process.pid}.tmp`;
    await writeFile(temporary, text, { mode: 0o644 });
    // rename is atomic: Apache reads the whole old map or the whole new one.
    await rename(temporary, this.file);
    this.#keys = new Set(
      text.split('\n').flatMap((line) => (line && !line.startsWith('#') ? [line.split(' ')[0]!] : [])),
    );
  }
}
