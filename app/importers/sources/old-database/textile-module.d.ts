// textile-js ships no types; this covers the one call we make.
declare module 'textile-js' {
  /** Textile source to HTML. */
  export function convert(source: string, options?: { breaks?: boolean }): string;
  const textile: { convert: typeof convert };
  export default textile;
}
