/**
 * The `folio` command as every npm script runs it (`node app/commands/launch.mjs
 * <command>`): compiles the CLI from the current sources (app/build.mjs) and
 * runs the result in this process, so no command runs through tsx and none
 * runs code older than the sources. A deployed release runs the build its
 * install made (app/build.mjs `compiled`).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compiled } from '../build.mjs';

await import(pathToFileURL(compiled(path.resolve(import.meta.dirname, '../..'), 'folio')).href);
