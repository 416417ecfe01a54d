/**
 * The app's root folder (package.json, views/, public/, prisma/), for the
 * modules that read files of their own. Derived from this module's place:
 * from source it is app/root.ts, and in a compiled process it is inlined in
 * build/<entry>.mjs (app/build.mjs); both sit one folder below the root.
 * Everything else finds the root through this constant, never through its
 * own import.meta.dirname, which a bundle would change.
 */
import path from 'node:path';

export const appRoot = path.resolve(import.meta.dirname, '..');
