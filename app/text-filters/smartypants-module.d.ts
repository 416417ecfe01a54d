// The smartypants package ships no types; this covers the one call we make.
declare module 'smartypants' {
  /** Educates quotes, dashes and ellipses in HTML; `attr` selects the transformations ("1", "2", "qde", ...). */
  export function smartypants(text: string, attr?: string | number): string;
}
