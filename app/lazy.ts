/**
 * Loads a package on first use instead of at boot. For the heavy packages
 * that reader pages never touch (image processing, file sniffing, upload
 * parsing, revision diffs, syntax highlighting), so a worker that only serves
 * readers never holds them. Synchronous (require: Node 20.19+ also requires
 * ESM-only packages), so the functions that use them keep their signatures.
 * Give it the package's default-import type: `lazy<typeof sharp>('sharp')`.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function lazy<T>(name: string): () => T {
  return once(() => require(name) as T);
}

/** `make()` on the first call, its result on every call after. */
export function once<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => (made ??= make());
}
