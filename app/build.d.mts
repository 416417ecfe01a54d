/** Types for app/build.mjs (plain JavaScript, so it runs before anything is compiled). */
export declare const entries: { readonly folio: string; readonly worker: string };
export declare function build(root: string, entry: keyof typeof entries): string;
export declare function compiled(root: string, entry: keyof typeof entries): string;
